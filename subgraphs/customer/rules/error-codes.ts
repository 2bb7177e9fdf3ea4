import type { UserErrorOf } from "../../../lib/graphql/user-errors.js";

/**
 * Every code the customer subgraph's payloads can refuse with, one family per payload (types/payloads.ts makes each
 * a GraphQL enum, every value described). Services build their userErrors typed by these, so a code missing from
 * its family's enum does not compile.
 */

/** CustomerPayload: registering and changing a profile, choosing a preferred store. */
export const CustomerErrorCode = {
  ALREADY_REGISTERED: "ALREADY_REGISTERED",
  EMAIL_TAKEN: "EMAIL_TAKEN",
  INVALID_NAME: "INVALID_NAME",
  INVALID_EMAIL: "INVALID_EMAIL",
  INVALID_PHONE: "INVALID_PHONE",
  INVALID_ADDRESS: "INVALID_ADDRESS",
  INVALID_LOCATION: "INVALID_LOCATION",
  INVALID_TEXT: "INVALID_TEXT",
} as const;
export type CustomerUserError = UserErrorOf<typeof CustomerErrorCode>;

/** RecordInteractionPayload: recording what a client saw the customer do. */
export const InteractionErrorCode = {
  TYPE_NOT_RECORDABLE: "TYPE_NOT_RECORDABLE",
  SKU_REQUIRED: "SKU_REQUIRED",
  LOCATION_REQUIRED: "LOCATION_REQUIRED",
  INVALID_LOCATION: "INVALID_LOCATION",
  INVALID_SUMMARY: "INVALID_SUMMARY",
  SUMMARY_NOT_ALLOWED: "SUMMARY_NOT_ALLOWED",
  ORDER_NOT_FOUND: "ORDER_NOT_FOUND",
  INVALID_TEXT: "INVALID_TEXT",
} as const;
export type InteractionUserError = UserErrorOf<typeof InteractionErrorCode>;

/** ServiceCasePayload: opening, noting, assigning and resolving service cases. */
export const ServiceCaseErrorCode = {
  INVALID_SUBJECT: "INVALID_SUBJECT",
  INVALID_NOTE: "INVALID_NOTE",
  ORDER_NOT_FOUND: "ORDER_NOT_FOUND",
  CASE_RESOLVED: "CASE_RESOLVED",
  INVALID_TEXT: "INVALID_TEXT",
  UNKNOWN_ASSOCIATE: "UNKNOWN_ASSOCIATE",
  INTERNAL_NOTE_STAFF_ONLY: "INTERNAL_NOTE_STAFF_ONLY",
} as const;
export type ServiceCaseUserError = UserErrorOf<typeof ServiceCaseErrorCode>;

/**
 * Where a check puts its refusals: any family's userErrors whose enum has every code the check can produce. A
 * function-typed `push`, so TypeScript refuses a list whose family lacks one of `Code`.
 */
export interface Refusals<Code extends string> {
  push: (error: { code: Code; message: string; field?: string[] | null }) => unknown;
}
