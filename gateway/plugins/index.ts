import type { ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import type { GatewayContext } from "../context.js";
import { deferRules } from "../defer/plugin.js";
import { contract, type ContractOptions } from "./contract.js";
import { costLimit, type CostLimitOptions } from "./cost.js";
import { operationLimits, type OperationLimitsOptions } from "./limits.js";
import { requestLog, type RequestLogOptions } from "./request-log.js";
import { responseCache, type ResponseCacheOptions } from "./response-cache.js";

export interface PluginOptions {
  /** The partner contract: what partner requests may see. */
  contract: ContractOptions;
  /** Depth, alias, token, root-field and directive limits; false to turn off. */
  limits: false | OperationLimitsOptions;
  /** The cost limit; false to turn off. */
  cost: false | CostLimitOptions;
  /** Whole answers of public queries, evicted by events (RESPONSE_CACHE); false to turn off. */
  responseCache: false | ResponseCacheOptions;
  /** One log line per request; false to turn off. */
  requestLog: false | RequestLogOptions;
}

/** The gateway's plugins, in the order Apollo runs their hooks. */
export function buildPlugins(options: PluginOptions): ApolloServerPlugin<GatewayContext>[] {
  return [
    // Nothing phones home: no usage or schema reports to Apollo, whatever APOLLO_KEY the environment holds.
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    // Apollo's landing pages load from CDNs; the graph is explored in our own self-hosted sandbox instead.
    ApolloServerPluginLandingPageDisabled(),
    // Apollo's cache-control plugin works out a policy from the fields a server resolves itself, and the gateway
    // resolves none: its policy is the subgraphs' Cache-Control answers (datasource.ts → responseCache), and the
    // Cache-Control it sends is the response cache's (GET and persisted queries only). Installed, the plugin would
    // only set a header we replace, on every request, cache or not.
    ApolloServerPluginCacheControlDisabled(),
    // Before planning: @defer where it cannot be honoured (mutations, subscriptions, duplicate labels) is refused.
    deferRules(),
    // Before planning: operations built to exhaust the subgraphs are refused, by shape first (cheapest), then by
    // cost; then partner requests are validated against, and introspect, the partner contract only.
    ...(options.limits ? [operationLimits(options.limits)] : []),
    ...(options.cost ? [costLimit(options.cost)] : []),
    contract(options.contract),
    // After every check, so a cached answer is only served to a request that would have been allowed to run.
    ...(options.responseCache ? [responseCache(options.responseCache)] : []),
    // Observability last, so it sees the final response and errors.
    ...(options.requestLog ? [requestLog(options.requestLog)] : []),
  ];
}
