import { readAuth, type AuthConfig } from "./config/auth.js";
import { readGatewaySettings, type GatewaySettings } from "./config/gateway.js";
import { ConfigError, Reader, type Env } from "./config/reader.js";
import { readRequestSettings, type RequestSettings } from "./config/requests.js";
import { readServerSettings, type ServerSettings } from "./config/server.js";
import { readSubgraphSettings, type SubgraphSettings } from "./config/subgraphs.js";

export type { AuthConfig } from "./config/auth.js";
export type { BreakerConfig, GatewaySettings, ResponseCacheConfig, RetryConfig, SubscriptionsConfig } from "./config/gateway.js";
export { ConfigError } from "./config/reader.js";
export { PERSISTED_QUERY_MODES } from "./config/requests.js";
export type {
  CostConfig,
  OperationLimitsConfig,
  PersistedQueryConfig,
  PersistedQueryMode,
  RateLimitConfig,
  RequestSettings,
} from "./config/requests.js";
export type { Mode, ServerSettings } from "./config/server.js";
export { SUBGRAPH_NAMES } from "./config/subgraphs.js";
export type { SubgraphEndpoint, SubgraphName, SubgraphSettings } from "./config/subgraphs.js";

/**
 * Everything Omnigraph can be told from its environment. Read once, by `loadConfig`; nothing else reads env. Each part
 * is read, checked and documented in lib/config/: the process and its server, the subgraphs, the gateway's way to
 * them, what one client may send, and who is who.
 */
export interface Config extends ServerSettings, SubgraphSettings, GatewaySettings, RequestSettings {
  auth: AuthConfig;
}

/** The process's environment: what entry points hand to `loadConfig`, the one place that reads it. */
export function processEnvironment(): Env {
  return process.env;
}

/** @apollo/gateway reads APOLLO_TELEMETRY_DISABLED in its constructor; unless asked for, it must not report to Apollo. */
export function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = "true";
}

/** Validates the whole environment and reports every bad variable at once. */
export function loadConfig(env: Env): Config {
  const read = new Reader(env, []);
  const server = readServerSettings(read, env);
  const config: Config = {
    ...server,
    ...readSubgraphSettings(read, env, server.host, server.maxBodyBytes),
    ...readGatewaySettings(read),
    ...readRequestSettings(read, env, server.mode),
    auth: readAuth(read, env, server.mode),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
