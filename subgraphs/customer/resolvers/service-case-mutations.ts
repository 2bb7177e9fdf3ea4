import { randomUUID } from "node:crypto";
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { deny } from "../../../lib/auth/access.js";
import { NotFoundError } from "../../../lib/errors.js";
import { domainEvent, type ServiceCaseChange } from "../../../lib/events.js";
import type { UserError } from "../../../lib/graphql/types.js";
import { customerActedOn, staffMemberOf } from "../acting-for.js";
import type { CustomerContext } from "../context.js";
import type { CustomerServices } from "../services.js";
import { isOrderOf } from "../orders.js";
import type { ServiceCaseRecord, ServiceCaseWrite } from "../store/index.js";
import { OpenServiceCaseInput } from "../types/inputs.js";
import { ServiceCasePayload } from "../types/payloads.js";
import { checkText, NOTE_MAX, SUBJECT_MAX } from "../validation.js";

/** Opening, noting and resolving service cases. Notes and resolution are staff work; customers open cases and read them. */
export function serviceCaseMutations({ store, orders, announce }: CustomerServices) {
  /** Tells subscribers of the case (through the gateway) what changed; after the write, before the answer. */
  async function announceChange(ctx: CustomerContext, write: ServiceCaseWrite, change: ServiceCaseChange["change"]): Promise<void> {
    if (write.status !== "UPDATED" || !announce) return;
    const { serviceCase } = write;
    const noteIndex = change === "NOTE_ADDED" ? serviceCase.notes.length - 1 : null;
    await announce(
      domainEvent("SERVICE_CASE_UPDATED", ctx.channel, { caseId: serviceCase.id, customerId: serviceCase.customerId, change, noteIndex }),
    );
  }

  /** The signed-in associate or agent, who must be on the staff records: a note names its author. */
  async function author(ctx: CustomerContext): Promise<string> {
    const id = staffMemberOf(ctx.viewer);
    if (id === null || !(await ctx.loaders.associateById.load(id)))
      return deny(ctx.viewer, "only associates and agents on the staff records write case notes.");
    return id;
  }

  function payloadOf(write: ServiceCaseWrite, caseId: string, ctx: CustomerContext, refusal: string): ServiceCasePayload {
    switch (write.status) {
      case "UPDATED":
        ctx.loaders.serviceCasesByCustomer.clear(write.serviceCase.customerId);
        ctx.loaders.serviceCaseById.clear(caseId).prime(caseId, write.serviceCase);
        return { serviceCase: write.serviceCase, userErrors: [] };
      case "NOT_FOUND":
        throw new NotFoundError("Service case", caseId);
      case "CASE_RESOLVED":
        return { serviceCase: write.serviceCase, userErrors: [{ code: "CASE_RESOLVED", message: refusal, field: ["caseId"] }] };
    }
  }

  @Resolver()
  class ServiceCaseMutations {
    @Authorized("customer", "associate", "agent")
    @Mutation(() => ServiceCasePayload, {
      description:
        "Opens a service case from any channel: a customer for themselves, staff for `customerId`. Staff's `note` is the case's first note; a customer's is its description. The contact shows on the customer's timeline.",
    })
    async openServiceCase(
      @Arg("input", () => OpenServiceCaseInput, { description: "What the case is about." }) input: OpenServiceCaseInput,
      @Ctx() ctx: CustomerContext,
    ): Promise<ServiceCasePayload> {
      const customerId = customerActedOn(ctx.viewer, input.customerId, ["input", "customerId"]);
      const userErrors: UserError[] = [];
      const subject = checkText(input.subject, SUBJECT_MAX, "INVALID_SUBJECT", "A subject", ["input", "subject"], userErrors);
      if (subject === null && userErrors.length === 0) {
        userErrors.push({ code: "INVALID_SUBJECT", message: "Say what the case is about.", field: ["input", "subject"] });
      }
      const note = checkText(input.note, NOTE_MAX, "INVALID_NOTE", "A note", ["input", "note"], userErrors, true);
      if (userErrors.length > 0 || subject === null) return { serviceCase: null, userErrors };
      const orderId = input.orderId?.trim() || null;
      // Only the case's customer's own orders: someone else's reads exactly like one that does not exist.
      if (orderId !== null && !(await isOrderOf(orders, orderId, customerId, ctx.requestId))) {
        return {
          serviceCase: null,
          userErrors: [{ code: "ORDER_NOT_FOUND", message: `The customer has no order "${orderId}".`, field: ["input", "orderId"] }],
        };
      }

      const staff = ctx.viewer.kind === "customer" ? null : await author(ctx);
      const now = new Date().toISOString();
      const serviceCase: ServiceCaseRecord = {
        id: `case-${randomUUID()}`,
        customerId,
        subject,
        status: "OPEN",
        openedVia: ctx.channel,
        openedAt: now,
        orderId,
        notes:
          staff !== null && note !== null ? [{ authorId: staff, body: note, channel: ctx.channel, createdAt: now, internal: false }] : [],
        description: staff === null ? note : null,
        resolvedAt: null,
      };
      const opened = await store.openServiceCase(serviceCase, {
        id: `ix-${serviceCase.id}`,
        customerId,
        cartId: null,
        type: "SERVICE_CONTACT",
        channel: ctx.channel,
        occurredAt: now,
        // The subject is the customer's words when they open the case: theirs as a note, not the graph's summary.
        summary: staff === null ? "Opened a service case" : `Opened service case: ${subject}`,
        locationId: ctx.storeId,
        associateId: staff,
        orderId,
        sku: null,
        author: staff === null ? "CUSTOMER" : "STAFF",
        customerNote: staff === null ? subject : null,
      });
      if (!opened) throw new NotFoundError("Customer", customerId);
      ctx.loaders.serviceCasesByCustomer.clear(customerId);
      ctx.loaders.interactionsByCustomer.clear(customerId);
      return { serviceCase: opened, userErrors: [] };
    }

    @Authorized("associate", "agent")
    @Mutation(() => ServiceCasePayload, {
      description:
        "Adds a note to an open or pending case, written by the signed-in associate or agent on the request's channel; an OPEN case becomes PENDING.",
    })
    async addServiceNote(
      @Arg("caseId", () => ID, { description: "The service case." }) caseId: string,
      @Arg("body", () => String, {
        description: `What was said or done, 1–${NOTE_MAX} characters over any number of lines; no control, direction or invisible characters (INVALID_TEXT).`,
      })
      body: string,
      @Arg("internal", () => Boolean, { defaultValue: false, description: "True for a note among staff, which the customer never sees." })
      internal: boolean,
      @Ctx() ctx: CustomerContext,
    ): Promise<ServiceCasePayload> {
      const userErrors: UserError[] = [];
      const text = checkText(body, NOTE_MAX, "INVALID_NOTE", "A note", ["body"], userErrors, true);
      if (text === null && userErrors.length === 0)
        userErrors.push({ code: "INVALID_NOTE", message: "A note needs some text.", field: ["body"] });
      if (userErrors.length > 0 || text === null) return { serviceCase: await ctx.loaders.serviceCaseById.load(caseId), userErrors };
      const authorId = await author(ctx);
      const write = await store.addServiceNote(caseId, {
        authorId,
        body: text,
        channel: ctx.channel,
        createdAt: new Date().toISOString(),
        internal,
      });
      await announceChange(ctx, write, "NOTE_ADDED");
      return payloadOf(write, caseId, ctx, "This case is resolved; open a new case.");
    }

    @Authorized("associate", "agent")
    @Mutation(() => ServiceCasePayload, { description: "Resolves an open or pending case." })
    async resolveServiceCase(
      @Arg("caseId", () => ID, { description: "The service case." }) caseId: string,
      @Ctx() ctx: CustomerContext,
    ): Promise<ServiceCasePayload> {
      const write = await store.resolveServiceCase(caseId, new Date().toISOString());
      await announceChange(ctx, write, "RESOLVED");
      return payloadOf(write, caseId, ctx, "This case is resolved already.");
    }
  }
  return ServiceCaseMutations;
}
