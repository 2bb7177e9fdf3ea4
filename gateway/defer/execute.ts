import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from "@apollo/gateway";
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import type { DeferredNode, FetchNode, PlanNode } from "@apollo/query-planner";
import {
  getVariableValues,
  GraphQLError,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from "graphql";
import { ErrorCode } from "../../lib/errors.js";
import type { GatewayContext } from "../context.js";
import { DeferredDelivery, type IncrementalPart } from "./delivery.js";
import type { DeferredFragment, DeferredOperation } from "./document.js";
import { isObject, objectsAt, piecesOf, type Data } from "./pieces.js";
import { split } from "./plan-split.js";
import type { DeferPlanner } from "./planner.js";

/** What a deferred execution needs besides the request. */
export interface DeferRun {
  planner: DeferPlanner;
  operation: DeferredOperation;
  /** The gateway's data sources by subgraph name: the same fetch path (deadlines, retries, breakers, metrics) as any query. */
  sources: Record<string, GraphQLDataSource>;
  /** The server's formatError: a deferred part's errors are masked as the first part's are. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

/**
 * Not a subgraph: the data a part starts from. The executor merges a fetch's answer into the answer being built, so a
 * first "fetch" answering with the earlier part's merged subgraph data lets the deferred fetches read their keys from
 * it (the planner put them in the earlier fetches) without asking any subgraph again.
 */
const SEED = "omnigraph:deferred-seed";
const SEED_FETCH: FetchNode = {
  kind: "Fetch",
  serviceName: SEED,
  variableUsages: [],
  operation: "{__typename}",
  operationName: undefined,
  operationKind: OperationTypeNode.QUERY,
};

/**
 * Keeps `raw` pointing at what the executor builds from root fetches: it merges each into the answer's root the same
 * way (an object or an equal-length list already there is merged into, anything else replaced), so the first holder
 * of a key stays the one later entity fetches write into.
 */
function mergeRoot(raw: Data, data: Data): void {
  for (const key of Object.keys(data)) {
    const incoming = data[key];
    if (incoming === undefined) continue;
    const existing = raw[key];
    const keep =
      (isObject(existing) && isObject(incoming)) ||
      (Array.isArray(existing) && Array.isArray(incoming) && existing.length === incoming.length);
    if (!keep) raw[key] = incoming;
  }
}

/** The sources, each root fetch's data noted in `raw`; nothing is fetched once the delivery stopped. */
function servicesFor(
  sources: Record<string, GraphQLDataSource>,
  raw: Data,
  delivery: DeferredDelivery | null,
  seed: Data | null,
): ServiceMap {
  const services: ServiceMap = {};
  for (const [name, source] of Object.entries(sources)) {
    services[name] = {
      async process(options) {
        if (delivery?.stopped) {
          return {
            errors: [{ message: "The request ended before this part was fetched.", extensions: { code: ErrorCode.SUBGRAPH_TIMEOUT } }],
          };
        }
        const response = await source.process(options);
        const path = (options as { pathInIncomingRequest?: unknown[] }).pathInIncomingRequest;
        if (path?.length === 0 && isObject(response.data)) mergeRoot(raw, response.data);
        return response;
      },
    };
  }
  if (seed) services[SEED] = { process: async () => ({ data: seed }) };
  return services;
}

/** The answer's first part; the rest are run in the background into the returned delivery (null when none follow). */
export async function executeDeferred(
  requestContext: GatewayGraphQLRequestContext,
  run: DeferRun,
  planKey: string,
): Promise<{ result: GatewayExecutionResult; delivery: DeferredDelivery | null }> {
  const { planner, operation, sources } = run;
  const { request } = requestContext;
  const variables = request.variables ?? {};
  const plan = planner.plan(planKey, operation.planningDocument, request.operationName);
  const condition = (name: string) => variables[name] === true;
  // Subscriptions never get here: @defer is refused in them before planning (plugin.ts).
  const { primary, deferred } = split(plan.node as PlanNode | undefined, condition);
  const execute = (node: PlanNode | undefined, services: ServiceMap, document: DocumentNode) =>
    executeQueryPlan(
      { kind: "QueryPlan", node },
      services,
      requestContext,
      buildOperationContext({ schema: planner.graphqlSchema, operationDocument: document, operationName: request.operationName }),
      planner.supergraphSchema,
      planner.apiSchema as never,
    );

  // As the gateway's own executor does: variables that do not fit their definitions are refused before any fetch.
  const definitions = (operation.primaryDocument.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode)
    .variableDefinitions;
  const coerced = definitions?.length ? getVariableValues(planner.graphqlSchema, definitions, variables).errors : undefined;
  if (coerced) return { result: { errors: coerced }, delivery: null };

  const raw: Data = {};
  const result = await execute(primary, servicesFor(sources, raw, null, null), operation.primaryDocument);
  if (deferred.length === 0 || result.data === null || result.data === undefined) return { result, delivery: null };

  const delivery = new DeferredDelivery();
  const context = requestContext.context as GatewayContext;
  const started = performance.now();
  // The request's own log line went out with the first part; this one says how the rest went.
  delivery.onStop(() =>
    context.logger.info("deferred parts", {
      operationName: request.operationName ?? null,
      payloads: delivery.summary.payloads,
      errors: delivery.summary.errors.length > 0 ? delivery.summary.errors : undefined,
      outcome: delivery.summary.outcome,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    }),
  );
  /** Parts begun and not yet done, with the data they start from: what the deadline reports. */
  const pending = new Map<DeferredNode, { fragment: DeferredFragment; seed: Data }>();
  const runPart = async (node: DeferredNode, seed: Data): Promise<void> => {
    const fragment = node.label === undefined ? undefined : operation.byLabel.get(node.label);
    if (!fragment) throw new Error(`the query plan defers "${node.label}", which the operation does not`);
    delivery.begin();
    pending.set(node, { fragment, seed });
    let pieces: IncrementalPart[];
    let nested: DeferredNode[];
    const partRaw: Data = { ...seed };
    try {
      const inner = split(node.node, condition);
      nested = inner.deferred;
      const body: PlanNode = inner.primary ? { kind: "Sequence", nodes: [SEED_FETCH, inner.primary] } : SEED_FETCH;
      const partResult = await execute(body, servicesFor(sources, partRaw, delivery, seed), operation.partDocument(fragment));
      pieces = piecesOf(fragment, partResult, run.formatError);
    } catch (error) {
      const formatted = run.formatError(
        { message: "Internal server error.", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } },
        error,
      );
      pieces = [
        {
          data: null,
          path: fragment.positions[0] ?? [],
          errors: [formatted],
          ...(fragment.clientLabel === null ? {} : { label: fragment.clientLabel }),
        },
      ];
      nested = [];
    }
    // Nested parts begin before this one is done, so that it never says hasNext: false while they are still to come.
    for (const child of nested) void runPart(child, partRaw);
    pending.delete(node);
    delivery.done(pieces);
  };
  for (const node of deferred) void runPart(node, raw);

  // Past the request's deadline no part is waited for: each still pending ends with SUBGRAPH_TIMEOUT, hasNext false.
  const deadline = context.deadline;
  if (Number.isFinite(deadline)) {
    const timer = setTimeout(
      () => {
        const pieces: IncrementalPart[] = [];
        for (const { fragment, seed } of pending.values()) {
          const error = new GraphQLError("This part was not ready within the request's deadline.", {
            extensions: { code: ErrorCode.SUBGRAPH_TIMEOUT },
          });
          const label = fragment.clientLabel === null ? {} : { label: fragment.clientLabel };
          const places = fragment.positions.flatMap((position) => objectsAt(seed, position).map(({ path }) => path));
          places.forEach((path, index) =>
            pieces.push({ data: null, path, ...label, ...(index === 0 ? { errors: [run.formatError(error.toJSON(), error)] } : {}) }),
          );
        }
        delivery.end(pieces);
      },
      Math.max(0, deadline - Date.now()),
    );
    timer.unref();
    delivery.onStop(() => clearTimeout(timer));
  }
  return { result, delivery };
}
