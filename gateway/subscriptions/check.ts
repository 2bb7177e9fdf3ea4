import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type SelectionNode,
} from "graphql";
import { estimateCost, readCostDirectives, type CostDirectives } from "../../lib/cost.js";
import { ErrorCode } from "../../lib/errors.js";
import { checkDeferUsage } from "../defer/document.js";
import { refusalFor } from "../plugins/limits.js";
import type { SubscribedOperation } from "./execute.js";
import { EVENT_VARIABLE } from "./planner.js";
import { topicOf } from "./topics.js";
import type { HubDeps, SubscribeRequest } from "./types.js";

export const refusal = (code: ErrorCode, message: string): { errors: GraphQLFormattedError[] } => ({
  errors: [{ message, extensions: { code } }],
});

/** What a subscription is checked against: the served schema, its SDL and its @cost directives (read on first use). */
export interface CheckedAgainst {
  schema: GraphQLSchema;
  sdl: string;
  costDirectives: CostDirectives | null;
}

type CheckDeps = Pick<HubDeps, "maxTokens" | "limits" | "cost">;

/** A refusal, or the operation with the field and topic its events are routed by. */
export type CheckedSubscription = { errors: GraphQLFormattedError[] } | { operation: SubscribedOperation; field: string; topic: string };

/** Parsed, validated and limited like a query; a subscription with one root field the gateway routes events to. */
export function checkSubscription(request: SubscribeRequest, served: CheckedAgainst, deps: CheckDeps): CheckedSubscription {
  const { schema } = served;
  const { query, variables = {}, operationName } = request;
  if (typeof query !== "string" || query.length === 0) return refusal(ErrorCode.BAD_REQUEST, "Send the subscription as `query`.");
  if (variables !== null && (typeof variables !== "object" || Array.isArray(variables)))
    return refusal(ErrorCode.BAD_REQUEST, "`variables` must be an object.");
  if (operationName != null && typeof operationName !== "string")
    return refusal(ErrorCode.BAD_REQUEST, "`operationName` must be a string.");
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: deps.maxTokens });
  } catch (error) {
    const tooLong = /token limit/i.test((error as Error).message);
    return refusal(
      tooLong ? ErrorCode.MAX_TOKENS_EXCEEDED : ErrorCode.GRAPHQL_PARSE_FAILED,
      (error as Error).message.replace(/^Syntax Error: /, ""),
    );
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0)
    return {
      errors: invalid.map((e) => ({
        message: e.message,
        locations: e.locations,
        extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
      })),
    };
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return refusal(ErrorCode.BAD_REQUEST, "Name the operation to run (operationName).");
  if (operation.operation !== "subscription") {
    return refusal(ErrorCode.BAD_REQUEST, "Streams carry subscriptions; send queries and mutations to POST /graphql.");
  }
  if (operation.variableDefinitions?.some((v) => v.variable.name.value === EVENT_VARIABLE)) {
    return refusal(ErrorCode.BAD_USER_INPUT, `The variable name $${EVENT_VARIABLE} is reserved.`);
  }
  if (deps.limits) {
    const limited = refusalFor(document, operation, schema, deps.limits);
    if (limited) return refusal(limited.code, limited.message);
  }
  try {
    checkDeferUsage(document, operationName ?? undefined);
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error.toJSON()] };
    throw error;
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], (variables ?? {}) as Record<string, unknown>);
  if (coerced.errors)
    return { errors: coerced.errors.map((e) => ({ message: e.message, extensions: { code: ErrorCode.BAD_USER_INPUT } })) };
  // Each event runs the operation once, so each run is held to the cost limit a query is.
  served.costDirectives ??= readCostDirectives(parse(served.sdl));
  const { cost } = estimateCost(document, operation, coerced.coerced, {
    schema,
    directives: served.costDirectives,
    defaultListSize: deps.cost.defaultListSize,
  });
  if (cost > deps.cost.limit) {
    return refusal(
      ErrorCode.COST_LIMIT_EXCEEDED,
      `The subscription's estimated cost per event is ${cost}; at most ${deps.cost.limit} is accepted. Ask for smaller pages or fewer nested lists.`,
    );
  }
  // Validation allows a subscription one root field, maybe inside fragments; the field is what events are routed by.
  const root = rootField(operation.selectionSet.selections, document);
  const fieldDef = root ? schema.getSubscriptionType()?.getFields()[root.name.value] : undefined;
  if (!root || !fieldDef) return refusal(ErrorCode.BAD_REQUEST, "A subscription selects one subscription field.");
  const topic = topicOf(root.name.value, getArgumentValues(fieldDef, root, coerced.coerced));
  if (topic === null) return refusal(ErrorCode.BAD_REQUEST, `The gateway cannot deliver ${root.name.value}.`);
  return {
    operation: {
      document,
      operation,
      operationName: operationName ?? undefined,
      variables: coerced.coerced,
      rootKey: root.alias?.value ?? root.name.value,
    },
    field: root.name.value,
    topic,
  };
}

/** The one field a subscription selects, through inline fragments and fragment spreads. */
function rootField(selections: readonly SelectionNode[], document: DocumentNode): FieldNode | null {
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith("__")) return selection;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const found = rootField(selection.selectionSet.selections, document);
      if (found) return found;
    } else {
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) {
        const found = rootField(fragment.selectionSet.selections, document);
        if (found) return found;
      }
    }
  }
  return null;
}
