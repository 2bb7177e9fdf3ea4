import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener } from "@apollo/server";
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { CostConfig } from "../../lib/config.js";
import { estimateCost, type CostDirectives } from "../../lib/cost.js";
import { ErrorCode } from "../../lib/errors.js";
import type { GatewayContext } from "../context.js";

export interface CostLimitOptions extends Pick<CostConfig, "limit" | "partnerLimit" | "defaultListSize"> {
  /** @cost and @listSize of the served supergraph, once it is loaded (null before). */
  directives: () => CostDirectives | null;
}

/** The header a client sends to read its operation's cost in `extensions.cost`. */
export const COST_HEADER = "x-omnigraph-cost";

/**
 * Refuses an operation whose estimated cost (lib/cost.ts: objects fetched, weighted by @cost, multiplied by list
 * sizes from paging arguments and @listSize) is above the caller's limit, before it is planned; partners have a
 * lower limit than first-party clients. A client that sends `x-omnigraph-cost: true` reads `extensions.cost
 * { estimated, limit }` in the answer, a refusal included.
 */
export function costLimit(options: CostLimitOptions): ApolloServerPlugin<GatewayContext> {
  const check = (context: GraphQLRequestContext<GatewayContext>): { estimated: number; limit: number } | null => {
    const { document, operation, schema, contextValue, request } = context;
    const directives = options.directives();
    if (!document || !operation || !directives) return null;
    const estimated = estimateOnce(document, operation, request.variables, schema, directives, options.defaultListSize);
    const partner = contextValue.contract !== null || contextValue.viewer.kind === "partner";
    return { estimated, limit: partner ? options.partnerLimit : options.limit };
  };
  const refuse = ({ estimated, limit }: { estimated: number; limit: number }) =>
    new GraphQLError(
      `The operation's estimated cost is ${estimated}; at most ${limit} is accepted. Ask for smaller pages or fewer nested lists.`,
      {
        extensions: { code: ErrorCode.COST_LIMIT_EXCEEDED, http: { status: 400 } },
      },
    );
  // Requests that do not ask to see the cost share one set of hooks.
  const hooks: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation(context) {
      const cost = check(context);
      if (cost && cost.estimated > cost.limit) throw refuse(cost);
    },
  };
  return {
    async requestDidStart({ request }) {
      if (request.http?.headers.get(COST_HEADER) !== "true") return hooks;
      let cost: { estimated: number; limit: number } | null = null;
      return {
        async didResolveOperation(context) {
          cost = check(context);
          if (cost && cost.estimated > cost.limit) throw refuse(cost);
        },
        async willSendResponse({ response }) {
          if (!cost || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { estimated: cost.estimated, limit: cost.limit } };
        },
      };
    },
  };
}

/**
 * Estimates of operations whose cost no variable changes, by document. Apollo keeps one parsed document per distinct
 * query text, so a client's repeated operation is measured once; one with paging variables is measured every time.
 */
const estimates = new WeakMap<DocumentNode, Map<OperationDefinitionNode, number>>();

function estimateOnce(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  schema: GraphQLSchema,
  directives: CostDirectives,
  defaultListSize: number,
): number {
  const known = estimates.get(document)?.get(operation);
  if (known !== undefined) return known;
  const { cost, usesVariables } = estimateCost(document, operation, variables, { schema, directives, defaultListSize });
  if (!usesVariables) {
    let byOperation = estimates.get(document);
    if (!byOperation) estimates.set(document, (byOperation = new Map()));
    byOperation.set(operation, cost);
  }
  return cost;
}
