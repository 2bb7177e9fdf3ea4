import { Arg, Authorized, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { canSeeCustomer, PEOPLE, SHOPPERS, STAFF } from "../../../lib/auth/access.js";
import { SalesChannel } from "../../../lib/graphql/types.js";
import { paginate, pageRequest } from "../../../lib/paging.js";
import { servicesOf, type CustomerContext } from "../context.js";
import { loyaltyTierOf } from "../rules/loyalty.js";
import { FIND_CUSTOMERS_LIMIT } from "../services/directory.js";
import type { CustomerRecord, ServiceCaseRecord } from "../store/index.js";
import { Customer, Loyalty, LoyaltyTier } from "../types/customer.js";
import { InteractionConnection } from "../types/interaction.js";
import { Location } from "../types/location.js";
import { ServiceCase, ServiceCaseStatus } from "../types/serviceCase.js";

@Resolver(() => Customer)
export class CustomerResolver {
  @Authorized(...SHOPPERS)
  @Query(() => Customer, { nullable: true, description: "The signed-in customer; null for anyone else." })
  me(@Ctx() ctx: CustomerContext): Promise<CustomerRecord | null> | null {
    return ctx.viewer.kind === "customer" ? ctx.loaders.customerById.load(ctx.viewer.id) : null;
  }

  @Authorized(...PEOPLE)
  @Query(() => Customer, {
    nullable: true,
    description:
      "One customer by id: any customer for associates and agents; a customer only finds themselves (anyone else reads as not found).",
  })
  customer(@Arg("id", () => ID, { description: "Customer id." }) id: string, @Ctx() ctx: CustomerContext) {
    return canSeeCustomer(ctx.viewer, id) ? ctx.loaders.customerById.load(id) : null;
  }

  @Authorized(...STAFF)
  @Directive(`@listSize(assumedSize: ${FIND_CUSTOMERS_LIMIT})`)
  @Query(() => [Customer], {
    description: `Associates and agents: customers matching every given detail exactly, e.g. a caller's phone or a scanned loyalty card. At least one is required. At most ${FIND_CUSTOMERS_LIMIT}, lowest ids first: give more details to narrow it down.`,
  })
  findCustomers(
    @Arg("email", () => String, {
      nullable: true,
      description:
        "Email address, in any letter case and Unicode form, surrounding spaces ignored; control, direction and invisible characters are refused.",
    })
    email: string | null,
    @Arg("phone", () => String, { nullable: true, description: "Phone number; only its digits count." }) phone: string | null,
    @Arg("loyaltyNumber", () => String, { nullable: true, description: "Loyalty membership number." }) loyaltyNumber: string | null,
    @Ctx() ctx: CustomerContext,
  ): Promise<CustomerRecord[]> {
    return servicesOf(ctx).directory.findCustomers({ email, phone, loyaltyNumber });
  }

  @FieldResolver(() => Location, { nullable: true, description: "The store the customer shops at by default; null when none is chosen." })
  preferredStore(@Root() customer: CustomerRecord): Location | null {
    return customer.preferredStoreId ? { id: customer.preferredStoreId } : null;
  }

  @FieldResolver(() => Loyalty, { description: "The customer's loyalty membership." })
  loyalty(@Root() customer: CustomerRecord): Loyalty {
    return { number: customer.loyaltyNumber, points: customer.loyaltyPoints, tier: loyaltyTierOf(customer.loyaltyPoints) as LoyaltyTier };
  }

  @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["nodes", "edges"])`)
  @FieldResolver(() => InteractionConnection, { description: "Everything the customer did, on every channel, newest first." })
  async timeline(
    @Root() customer: CustomerRecord,
    @Ctx() ctx: CustomerContext,
    @Arg("channels", () => [SalesChannel], { nullable: true, description: "Only interactions on these channels; all when null." })
    channels: SalesChannel[] | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "Page size, at most 100." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the item before the page." }) after: string | null,
  ) {
    const page = pageRequest("timeline", first, after);
    const all = await ctx.loaders.interactionsByCustomer.load(customer.id);
    const wanted = channels ? new Set(channels) : null;
    return paginate("timeline", wanted ? all.filter((i) => wanted.has(i.channel)) : all, page);
  }

  @FieldResolver(() => [ServiceCase], { description: "The customer's service cases, newest first." })
  async serviceCases(
    @Root() customer: CustomerRecord,
    @Ctx() ctx: CustomerContext,
    @Arg("status", () => ServiceCaseStatus, { nullable: true, description: "Only cases in this status; all when null." })
    status: ServiceCaseStatus | null,
  ): Promise<readonly ServiceCaseRecord[]> {
    const cases = await ctx.loaders.serviceCasesByCustomer.load(customer.id);
    return status ? cases.filter((c) => c.status === status) : cases;
  }
}
