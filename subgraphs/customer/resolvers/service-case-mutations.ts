import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { servicesOf, type CustomerContext } from "../context.js";
import type { CaseChange } from "../services/service-cases.js";
import { OpenServiceCaseInput } from "../types/inputs.js";
import { ServiceCasePayload } from "../types/payloads.js";
import { NOTE_MAX } from "../rules/validation.js";

/** The payload of a case change, with this request's cached reads of the case brought up to date. */
async function payloadOf(change: CaseChange, ctx: CustomerContext): Promise<ServiceCasePayload> {
  if ("changed" in change) {
    const { changed } = change;
    ctx.loaders.serviceCasesByCustomer.clear(changed.customerId);
    ctx.loaders.serviceCaseById.clear(changed.id).prime(changed.id, changed);
    return { serviceCase: changed, userErrors: [] };
  }
  return { serviceCase: change.serviceCase ?? (await ctx.loaders.serviceCaseById.load(change.caseId)), userErrors: change.userErrors };
}

/** Opening, noting, assigning and resolving service cases (services/service-cases.ts). */
@Resolver()
export class ServiceCaseMutations {
  @Authorized("customer", "associate", "agent")
  @Mutation(() => ServiceCasePayload, {
    description:
      "Opens a service case from any channel: a customer for themselves, staff for `customerId`. Staff's `note` is the case's first note; a customer's is its description. The contact shows on the customer's timeline.",
  })
  async openServiceCase(
    @Arg("input", () => OpenServiceCaseInput, { description: "What the case is about." }) input: OpenServiceCaseInput,
    @Ctx() ctx: CustomerContext,
  ): Promise<ServiceCasePayload> {
    const opened = await servicesOf(ctx).serviceCases.open(ctx, input);
    if (opened.serviceCase) {
      ctx.loaders.serviceCasesByCustomer.clear(opened.serviceCase.customerId);
      ctx.loaders.interactionsByCustomer.clear(opened.serviceCase.customerId);
    }
    return opened;
  }

  @Authorized("customer", "associate", "agent")
  @Mutation(() => ServiceCasePayload, {
    description:
      "Adds a note to an open or pending case on the request's channel. Any associate or agent continues any case (an OPEN case becomes PENDING); the case's customer replies from any channel (never internal; a PENDING case becomes OPEN again). Someone else's case is NOT_FOUND.",
  })
  async addServiceNote(
    @Arg("caseId", () => ID, { description: "The service case." }) caseId: string,
    @Arg("body", () => String, {
      description: `What was said or done, 1–${NOTE_MAX} characters over any number of lines; no control, direction or invisible characters (INVALID_TEXT).`,
    })
    body: string,
    @Arg("internal", () => Boolean, {
      defaultValue: false,
      description: "True for a note among staff, which the customer never sees (staff only: INTERNAL_NOTE_STAFF_ONLY from a customer).",
    })
    internal: boolean,
    @Ctx() ctx: CustomerContext,
  ): Promise<ServiceCasePayload> {
    return payloadOf(await servicesOf(ctx).serviceCases.addNote(ctx, caseId, body, internal), ctx);
  }

  @Authorized("associate", "agent")
  @Mutation(() => ServiceCasePayload, {
    description:
      "Gives an open or pending case to an associate or agent on the staff records (UNKNOWN_ASSOCIATE otherwise), taking it off the unassigned queue; any staff member may take or hand over any case.",
  })
  async assignServiceCase(
    @Arg("caseId", () => ID, { description: "The service case." }) caseId: string,
    @Arg("associateId", () => ID, { nullable: true, description: "Who works the case; the signed-in associate or agent when null." })
    associateId: string | null,
    @Ctx() ctx: CustomerContext,
  ): Promise<ServiceCasePayload> {
    return payloadOf(await servicesOf(ctx).serviceCases.assign(ctx, caseId, associateId), ctx);
  }

  @Authorized("associate", "agent")
  @Mutation(() => ServiceCasePayload, { description: "Resolves an open or pending case." })
  async resolveServiceCase(
    @Arg("caseId", () => ID, { description: "The service case." }) caseId: string,
    @Ctx() ctx: CustomerContext,
  ): Promise<ServiceCasePayload> {
    return payloadOf(await servicesOf(ctx).serviceCases.resolve(ctx, caseId), ctx);
  }
}
