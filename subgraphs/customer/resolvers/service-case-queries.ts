import { Arg, Authorized, Ctx, Directive, ID, Int, Query, Resolver } from "type-graphql";
import { PEOPLE, STAFF } from "../../../lib/auth/access.js";
import { BadUserInputError } from "../../../lib/errors.js";
import { connectionOf, pageRequest, type ConnectionValue } from "../../../lib/paging.js";
import { servicesOf, type CustomerContext } from "../context.js";
import type { ServiceCaseRecord } from "../store/index.js";
import { ServiceCase, ServiceCaseConnection, ServiceCaseStatus } from "../types/serviceCase.js";

/** Reading one case by id, and the queue agents and associates work from (services/service-cases.ts). */
@Resolver()
export class ServiceCaseQueries {
  @Authorized(...PEOPLE)
  @Query(() => ServiceCase, {
    nullable: true,
    description: "One service case by id: its customer or staff. Someone else's case reads as null, exactly like one that does not exist.",
  })
  serviceCase(@Arg("id", () => ID, { description: "The service case." }) id: string, @Ctx() ctx: CustomerContext) {
    return servicesOf(ctx).serviceCases.get(ctx, id);
  }

  @Authorized(...STAFF)
  @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["nodes", "edges"])`)
  @Query(() => ServiceCaseConnection, {
    description:
      "Associates and agents: the queue of service cases from every customer and channel, oldest opened first. Every unresolved case (OPEN and PENDING) unless `status` says otherwise; narrowed to one assignee with `assignedTo`, or to cases nobody has taken with `unassigned: true`.",
  })
  async serviceCases(
    @Arg("status", () => ServiceCaseStatus, { nullable: true, description: "Only cases in this status; OPEN and PENDING when null." })
    status: ServiceCaseStatus | null,
    @Arg("assignedTo", () => ID, { nullable: true, description: "Only cases assigned to this associate or agent." })
    assignedTo: string | null,
    @Arg("unassigned", () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: "True for only the cases nobody is assigned to; not together with `assignedTo`.",
    })
    unassigned: boolean | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20, description: "Page size, at most 100." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the item before the page." }) after: string | null,
    @Ctx() ctx: CustomerContext,
  ): Promise<ConnectionValue<ServiceCaseRecord>> {
    const assignee = assignedTo?.trim() || null;
    if (unassigned && assignee !== null)
      throw new BadUserInputError("Ask for one assignee or for unassigned cases, not both.", ["unassigned"]);
    const page = pageRequest("serviceCases", first, after);
    const { cases, totalCount } = await servicesOf(ctx).serviceCases.queue(
      { status: status ?? null, assignee: unassigned ? null : (assignee ?? undefined) },
      page.offset,
      page.first,
    );
    return connectionOf("serviceCases", page, cases, totalCount);
  }
}
