import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { STAFF } from "../../../lib/auth/access.js";
import { servicesOf, type CustomerContext } from "../context.js";
import type { ProfileChange } from "../services/profiles.js";
import { RegisterCustomerInput, UpdateProfileInput } from "../types/inputs.js";
import { CustomerPayload } from "../types/payloads.js";

/** The payload of a profile change; when refused, the customer as they are now. */
async function payloadOf(change: ProfileChange, ctx: CustomerContext): Promise<CustomerPayload> {
  if ("customer" in change) {
    ctx.loaders.customerById.clear(change.customer.id).prime(change.customer.id, change.customer);
    return { customer: change.customer, userErrors: [] };
  }
  return { customer: await ctx.loaders.customerById.load(change.customerId), userErrors: change.userErrors };
}

/** Registering and changing a profile, and choosing a preferred store (services/profiles.ts). */
@Resolver()
export class ProfileMutations {
  @Authorized("customer", ...STAFF)
  @Mutation(() => CustomerPayload, {
    description:
      "Creates a customer profile: a signed-in customer registers themselves (the profile's id is their sign-in id); staff register a caller or shopper under a new id. Starts at BRONZE with 0 points and a new loyalty number.",
  })
  registerCustomer(
    @Arg("input", () => RegisterCustomerInput, { description: "The new profile." }) input: RegisterCustomerInput,
    @Ctx() ctx: CustomerContext,
  ): Promise<CustomerPayload> {
    return servicesOf(ctx).profiles.register(ctx, input);
  }

  @Authorized("customer", ...STAFF)
  @Mutation(() => CustomerPayload, {
    description:
      "Changes the signed-in customer's profile, or (staff) the profile of `customerId`. Only the fields given change; the email must stay unique.",
  })
  async updateProfile(
    @Arg("input", () => UpdateProfileInput, { description: "The fields to change." }) input: UpdateProfileInput,
    @Arg("customerId", () => ID, {
      nullable: true,
      description: "Staff: the customer to change. A customer changes their own profile and may leave it out.",
    })
    customerId: string | null,
    @Ctx() ctx: CustomerContext,
  ): Promise<CustomerPayload> {
    return payloadOf(await servicesOf(ctx).profiles.update(ctx, input, customerId), ctx);
  }

  @Authorized("customer", ...STAFF)
  @Mutation(() => CustomerPayload, {
    description:
      "Sets the store the customer shops at by default (the signed-in customer's, or staff: `customerId`'s). It must be a store, not a distribution center.",
  })
  async setPreferredStore(
    @Arg("locationId", () => ID, { description: "The store: a location of type STORE." }) locationId: string,
    @Arg("customerId", () => ID, {
      nullable: true,
      description: "Staff: the customer to change. A customer changes their own and may leave it out.",
    })
    customerId: string | null,
    @Ctx() ctx: CustomerContext,
  ): Promise<CustomerPayload> {
    return payloadOf(await servicesOf(ctx).profiles.setPreferredStore(ctx, locationId, customerId), ctx);
  }
}
