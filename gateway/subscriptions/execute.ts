import { buildOperationContext, executeQueryPlan, type GraphQLDataSource, type ServiceMap } from "@apollo/gateway";
import type { GatewayGraphQLRequestContext } from "@apollo/server-gateway-interface";
import type { PlanNode } from "@apollo/query-planner";
import {
  GraphQLError,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { IDENTITY_HEADER, signIdentity } from "../../lib/auth/internal.js";
import type { Logger } from "../../lib/logger.js";
import type { RequestInfo } from "../../lib/viewer.js";
import type { GatewayContext } from "../context.js";
import type { Subscriber } from "./identity.js";
import type { SubscriptionPlanner } from "./planner.js";

/** Everything a run needs that does not change per event. */
export interface PlanRunner {
  planner: SubscriptionPlanner;
  /** The served API schema (graphql-js): what the operation was validated against. */
  schema: GraphQLSchema;
  /** The gateway's data sources: deadlines, breakers, metrics and the signed identity, as for any query. */
  sources: Record<string, GraphQLDataSource>;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  serviceSecret: string;
  /** REQUEST_DEADLINE_MS: each event's fetches get this long, like a query. */
  deadlineMs: number;
  logger: Logger;
}

/** One subscription's operation, as validated when it started. */
export interface SubscribedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** The response key of the one root field. */
  rootKey: string;
}

/**
 * A context for one run, as buildContext makes for a request: the subscriber's identity signed afresh (the signature
 * lives 60 s; a subscription lives for hours), a request id per event, and the deadline counted from now.
 */
function runContext(subscriber: Subscriber, requestId: string, runner: PlanRunner): GatewayContext {
  const info: RequestInfo = {
    requestId,
    viewer: subscriber.viewer,
    channel: subscriber.channel,
    storeId: subscriber.storeId,
    client: subscriber.client,
  };
  const forwardHeaders: Record<string, string> = { "x-request-id": requestId, [IDENTITY_HEADER]: signIdentity(runner.serviceSecret, info) };
  if (subscriber.client.name) forwardHeaders["apollographql-client-name"] = subscriber.client.name;
  if (subscriber.client.version) forwardHeaders["apollographql-client-version"] = subscriber.client.version;
  let logger: Logger | undefined;
  return {
    requestId,
    viewer: subscriber.viewer,
    channel: subscriber.channel,
    client: subscriber.client,
    contract: subscriber.contract,
    forwardHeaders,
    deadline: Date.now() + runner.deadlineMs,
    viewerKey: viewerKeyOf(subscriber),
    get logger() {
      return (logger ??= runner.logger.child({ requestId, viewer: subscriber.viewer.kind }));
    },
  };
}

/** As GatewayContext.viewerKey: everything the signed identity tells a subgraph but the request id and time. */
export function viewerKeyOf(subscriber: Subscriber): string {
  return JSON.stringify([subscriber.viewer, subscriber.channel, subscriber.storeId, subscriber.client.name, subscriber.client.version]);
}

/**
 * Runs `node` (a fetch, or a fetch followed by the rest of the plan) for the subscriber with @apollo/gateway's own
 * executor through the gateway's data sources, and shapes the answer to the operation: what a query's answer goes
 * through, errors masked by the server's formatError.
 */
export async function runPlan(
  runner: PlanRunner,
  node: PlanNode,
  op: SubscribedOperation,
  subscriber: Subscriber,
  requestId: string,
  extraVariables: Record<string, unknown> = {},
): Promise<FormattedExecutionResult> {
  const context = runContext(subscriber, requestId, runner);
  const requestContext = {
    request: { variables: { ...op.variables, ...extraVariables }, operationName: op.operationName },
    context,
    logger: runner.logger,
    metrics: {},
    operation: op.operation,
    document: op.document,
    schema: runner.schema,
    overallCachePolicy: undefined,
  } as unknown as GatewayGraphQLRequestContext;
  const services: ServiceMap = runner.sources;
  const result = await executeQueryPlan(
    { kind: "QueryPlan", node },
    services,
    requestContext,
    buildOperationContext({ schema: runner.schema, operationDocument: op.document, operationName: op.operationName }),
    runner.planner.supergraphSchema,
    runner.planner.apiSchema as never,
  );
  const errors = result.errors?.map((error) =>
    runner.formatError(error instanceof GraphQLError ? error.toJSON() : { message: String((error as Error).message ?? error) }, error),
  );
  return { data: result.data as Record<string, unknown> | null | undefined, ...(errors?.length ? { errors } : {}) };
}
