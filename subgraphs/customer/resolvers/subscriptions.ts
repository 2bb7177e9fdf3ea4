import { Arg, Authorized, Ctx, Directive, ID, Resolver, Subscription } from "type-graphql";
import { canSeeCustomer, isStaff, PEOPLE } from "../../../lib/auth/access.js";
import { NotFoundError } from "../../../lib/errors.js";
import { EVENT_ARGUMENT_DESCRIPTION, eventArgument, refuseDirectSubscription } from "../../../lib/graphql/subscriptions.js";
import type { CustomerContext } from "../context.js";
import { ServiceCaseChangeKind, ServiceCaseUpdate } from "../types/subscriptions.js";

/** Live updates of service cases, resolved per event for the gateway (lib/graphql/subscriptions.ts). */
@Resolver()
export class ServiceCaseSubscriptions {
  @Authorized(...PEOPLE)
  @Subscription(() => ServiceCaseUpdate, {
    nullable: true,
    subscribe: refuseDirectSubscription,
    description:
      "New notes and the resolution of a service case, as they happen: the case's customer (never hearing of internal notes) and staff. Someone else's case, or one that does not exist, is refused with NOT_FOUND. Never null in what a subscriber receives.",
  })
  async serviceCaseUpdated(
    @Arg("id", () => ID, { description: "The service case." }) id: string,
    @Arg("event", () => String, { nullable: true, description: EVENT_ARGUMENT_DESCRIPTION })
    @Directive("@inaccessible")
    event: string | null,
    @Ctx() ctx: CustomerContext,
  ): Promise<ServiceCaseUpdate | null> {
    const serviceCase = await ctx.loaders.serviceCaseById.load(id);
    // The same rule as reading cases through customer(id): someone else's reads as not found.
    if (!serviceCase || !canSeeCustomer(ctx.viewer, serviceCase.customerId)) throw new NotFoundError("Service case", id);
    const change = eventArgument(event, ["SERVICE_CASE_UPDATED"]);
    if (!change || change.payload.caseId !== id) return null;
    if (change.payload.change === "RESOLVED") {
      return { change: ServiceCaseChangeKind.RESOLVED, occurredAt: change.occurredAt, serviceCase, note: null };
    }
    const note = change.payload.noteIndex === null ? undefined : serviceCase.notes[change.payload.noteIndex];
    // An internal note is nothing to tell a customer about.
    if (!note || (note.internal && !isStaff(ctx.viewer))) return null;
    return { change: ServiceCaseChangeKind.NOTE_ADDED, occurredAt: change.occurredAt, serviceCase, note };
  }
}
