import type { ServerResponse } from "node:http";
import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  type GraphQLSchema,
} from "graphql";
import { estimateCost, readCostDirectives } from "./cost.js";
import { ErrorCode, OmnigraphError } from "./errors.js";

/**
 * A subgraph protects itself as the gateway does, since anyone holding a valid identity can call it directly and the
 * gateway's own check is only an estimate: every request is measured with the same cost (lib/cost.ts) on the
 * subgraph's own @cost and @listSize, with the entities it was actually sent, and work whose caller has gone away or
 * whose deadline has passed stops at the next list or object it would resolve.
 */
export interface SubgraphWorkLimits {
  /** The highest cost one request may have (SUBGRAPH_COST_LIMIT). */
  costLimit: number;
  /** The size of a list nothing else sizes (COST_DEFAULT_LIST_SIZE), as the gateway assumes it. */
  defaultListSize: number;
  /** How long one request may run (SUBGRAPH_TIMEOUT_MS): the gateway has given up on it by then. */
  deadlineMs: number;
}

/** What a resolver may ask about its request's caller. */
export interface CallerState {
  /** Aborted once the caller has gone away (the connection closed before the answer) or the deadline has passed. */
  signal: AbortSignal;
  /** Epoch milliseconds after which nobody waits for the answer. */
  deadline: number;
}

/** Refuses a request whose cost is above the limit, before it runs. */
export function subgraphCostLimit<TContext extends object>(
  schema: GraphQLSchema,
  limits: Pick<SubgraphWorkLimits, "costLimit" | "defaultListSize">,
): ApolloServerPlugin<TContext> {
  const directives = readCostDirectives(schema);
  const queryType = schema.getQueryType()?.name;
  const hooks: GraphQLRequestListener<TContext> = {
    async didResolveOperation({ document, operation, request }) {
      if (!operation) return;
      const { cost } = estimateCost(document, operation, request.variables, {
        schema,
        directives,
        defaultListSize: limits.defaultListSize,
        // The gateway's entity fetches: as many as it sent representations.
        knownSize: (parentType, field, argument) => {
          if (parentType !== queryType || field.name.value !== "_entities") return undefined;
          const representations = argument("representations");
          return Array.isArray(representations) ? representations.length : undefined;
        },
      });
      if (cost > limits.costLimit) {
        throw new GraphQLError(`The request's estimated cost is ${cost}; this service accepts at most ${limits.costLimit}.`, {
          extensions: { code: ErrorCode.COST_LIMIT_EXCEEDED, http: { status: 400 } },
        });
      }
    },
  };
  return {
    async requestDidStart() {
      return hooks;
    },
  };
}

/** How long the gateway will wait for this request, in ms: it sends the time its fetch has left. */
export const DEADLINE_HEADER = "x-omnigraph-deadline-ms";

/**
 * How long a request may run: the time the gateway says it will wait, when it says so, else `defaultMs`; never more
 * than `maxMs`, since anyone with a service identity could ask for more.
 */
export function deadlineOf(header: string | string[] | undefined, defaultMs: number, maxMs: number): number {
  const asked = typeof header === "string" ? Number(header) : NaN;
  return Number.isInteger(asked) && asked > 0 ? Math.min(asked, maxMs) : defaultMs;
}

/** The caller of one HTTP request: its signal aborts when the connection closes before the answer is sent. */
export function watchCaller(res: ServerResponse, deadlineMs: number): CallerState {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new Error("the caller went away"));
  });
  return { signal: controller.signal, deadline: Date.now() + deadlineMs };
}

const guarded = new WeakSet<GraphQLSchema>();

/**
 * Every field of `schema` that resolves objects or lists first checks that somebody still waits for the answer, so an
 * abandoned or overdue request stops at its next fan-out instead of running to the end. Fields of scalars are left
 * alone: they do no work worth stopping. Changes the schema's resolvers in place, once.
 */
export function stopAbandonedWork(schema: GraphQLSchema, callerOf: (context: unknown) => CallerState | undefined): void {
  if (guarded.has(schema)) return;
  guarded.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isCompositeType(getNamedType(field.type)) && !isListType(getNullableType(field.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        const caller = callerOf(context);
        if (caller) assertWaited(caller);
        return resolve(source, args, context, info);
      };
    }
  }
}

function assertWaited(caller: CallerState): void {
  if (caller.signal.aborted || Date.now() > caller.deadline) {
    throw new OmnigraphError(ErrorCode.SUBGRAPH_TIMEOUT, "The request was stopped: its caller has gone away or its deadline has passed.");
  }
}
