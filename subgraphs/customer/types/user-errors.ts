import { userErrorFamily } from "../../../lib/graphql/user-errors.js";
import { NAME_MAX, NOTE_MAX, SUBJECT_MAX, SUMMARY_MAX } from "../rules/validation.js";
import { CustomerErrorCode, InteractionErrorCode, ServiceCaseErrorCode } from "../rules/error-codes.js";

/** The shared wording of INVALID_TEXT, which every family can answer (lib/text.ts). */
const INVALID_TEXT = "A value holds a control, direction or invisible character; remove it and try again.";

/** CustomerPayload's userErrors: `CustomerErrorCode` and `CustomerUserError`. */
export const CustomerUserError = userErrorFamily("Customer", CustomerErrorCode, {
  ALREADY_REGISTERED: "The signed-in customer has a profile already: change it with updateProfile.",
  EMAIL_TAKEN: "Another customer has this email address (compared in any letter case).",
  INVALID_NAME: `A name is 1 to ${NAME_MAX} characters.`,
  INVALID_EMAIL: "Not an email address (name@example.com).",
  INVALID_PHONE: "A phone number is 7 to 15 digits, optionally starting with +.",
  INVALID_ADDRESS: "An address lacks a street, city or postal code, its country is not a two-letter code, or there are more than 10.",
  INVALID_LOCATION: "The location is unknown or a distribution center: a preferred store must be a store.",
  INVALID_TEXT,
});

/** RecordInteractionPayload's userErrors: `InteractionErrorCode` and `InteractionUserError`. */
export const InteractionUserError = userErrorFamily("Interaction", InteractionErrorCode, {
  TYPE_NOT_RECORDABLE: "Order, till, pickup and return interactions come from the order service's events, not from clients.",
  SKU_REQUIRED: "A PRODUCT_VIEWED needs the variant viewed (sku).",
  LOCATION_REQUIRED: "A STORE_VISIT needs the store visited (locationId).",
  INVALID_LOCATION: "The location is not a store, or not the store the device is at.",
  INVALID_SUMMARY: `A summary is one line of at most ${SUMMARY_MAX} characters.`,
  SUMMARY_NOT_ALLOWED: "Without sign-in the graph writes the summary; send none.",
  ORDER_NOT_FOUND: "The customer has no such order (someone else's order reads the same).",
  INVALID_TEXT,
});

/** ServiceCasePayload's userErrors: `ServiceCaseErrorCode` and `ServiceCaseUserError`. */
export const ServiceCaseUserError = userErrorFamily("ServiceCase", ServiceCaseErrorCode, {
  INVALID_SUBJECT: `A subject is 1 to ${SUBJECT_MAX} characters on one line.`,
  INVALID_NOTE: `A note is 1 to ${NOTE_MAX} characters.`,
  ORDER_NOT_FOUND: "The case's customer has no such order (someone else's order reads the same).",
  CASE_RESOLVED: "The case is resolved, which is final: open a new case.",
  INVALID_TEXT,
  UNKNOWN_ASSOCIATE: "No associate or agent on the staff records has this id: a case is assigned to staff only.",
  INTERNAL_NOTE_STAFF_ONLY: "Internal notes are among staff: a customer's reply is always visible to them and to staff.",
});
