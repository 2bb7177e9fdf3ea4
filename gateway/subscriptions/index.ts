import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { GraphQLDataSource } from "@apollo/gateway";
import type { GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { Config } from "../../lib/config.js";
import type { CorsPolicy } from "../../lib/cors.js";
import type { EventBus } from "../../lib/events.js";
import type { Logger } from "../../lib/logger.js";
import type { RedisClient } from "../../lib/redis.js";
import type { Authenticator } from "../auth.js";
import { MemoryEventFeed, RedisEventFeed, type EventFeed } from "./feed.js";
import { SubscriptionHub } from "./hub.js";
import { subscriberOf } from "./identity.js";
import { sseRoute } from "./sse.js";
import { attachWebSocket } from "./websocket.js";

export { subscriptionsElsewhere } from "./plugin.js";

export interface SubscriptionsDeps {
  config: Config;
  /** On Redis, the feed reads the bus's stream: every instance hears every event. */
  redis?: RedisClient | null;
  /** Without Redis, the in-process bus the subgraphs publish on (the embedded default). */
  bus?: EventBus;
  authenticator: Authenticator;
  clientAddress: (req: IncomingMessage) => string;
  sources: () => Record<string, GraphQLDataSource>;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  serviceSecret: string;
  cors: CorsPolicy | null;
  logger: Logger;
  /** Told where the number of open subscriptions is read (omnigraph_subscriptions_active). */
  metrics?: { countSubscriptions(active: () => number): void };
}

export interface Subscriptions {
  /** Called with each supergraph the gateway serves. */
  serve(apiSchema: GraphQLSchema, supergraphSdl: string, contract: (name: string) => GraphQLSchema | null): void;
  /** GET/POST /graphql/stream. */
  sse: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Takes WebSocket upgrades on /graphql of `server`. */
  attach(server: Server): void;
  /** Ends every subscription and closes every WebSocket (1001), before the HTTP server drains. */
  close(): Promise<void>;
}

/** Subscriptions over SSE and WebSocket, on events from the Redis stream or the in-process bus. */
export function createSubscriptions(deps: SubscriptionsDeps): Subscriptions {
  const { config, logger } = deps;
  const feed: EventFeed | null = deps.redis
    ? new RedisEventFeed(deps.redis, { logger })
    : deps.bus
      ? new MemoryEventFeed(deps.bus, config.subscriptions.replayMax)
      : null;
  const hub = new SubscriptionHub({
    feed,
    config: config.subscriptions,
    limits: config.limits,
    cost: config.cost,
    sources: deps.sources,
    formatError: deps.formatError,
    serviceSecret: deps.serviceSecret,
    deadlineMs: config.requestDeadlineMs,
    maxTokens: config.limits.maxTokens,
    logger,
  });
  deps.metrics?.countSubscriptions(() => hub.size);
  const authenticate = (req: IncomingMessage) => subscriberOf(deps.authenticator, req, null, deps.clientAddress);
  let socket: { close(): Promise<void> } | null = null;
  return {
    serve: (apiSchema, sdl, contract) => hub.serve(apiSchema, sdl, contract),
    sse: sseRoute({
      hub,
      authenticate,
      maxBodyBytes: config.maxBodyBytes,
      heartbeatMs: config.subscriptions.heartbeatMs,
      cors: deps.cors,
      logger,
    }),
    attach(server) {
      socket = attachWebSocket(server, {
        hub,
        authenticate,
        maxPerConnection: config.subscriptions.maxPerConnection,
        heartbeatMs: config.subscriptions.heartbeatMs,
        maxPayloadBytes: config.maxBodyBytes,
        logger,
      });
    },
    async close() {
      await hub.close();
      await socket?.close();
    },
  };
}
