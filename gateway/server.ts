import cluster from "node:cluster";
import { setTimeout as sleep } from "node:timers/promises";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import type { ResolvedAuth } from "../lib/auth/secrets.js";
import { disableApolloTelemetry, type Config, type SubgraphName } from "../lib/config.js";
import type { KeyValueCache } from "../lib/redis-cache.js";
import type { RedisClient } from "../lib/redis.js";
import { corsPolicy } from "../lib/cors.js";
import { maskError } from "../lib/errors.js";
import { graphqlHttpHandler, listen, sendJson, type RunningServer } from "../lib/http.js";
import { createLogger, type Logger } from "../lib/logger.js";
import { parse, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { readCostDirectives, type CostDirectives } from "../lib/cost.js";
import { createAuthenticator } from "./auth.js";
import { contractSchema } from "./contract.js";
import { clusterMetricsText } from "./cluster.js";
import { Metrics } from "./metrics.js";
import { answerReadiness, redisReadiness, type ReadinessCheck } from "./readiness.js";
import { staticSupergraph, supergraphFromFile, type ReloadResult } from "./reload.js";
import { sandboxRoutes } from "./sandbox.js";
import { buildContext, type GatewayContext } from "./context.js";
import { SubgraphDataSource } from "./datasource.js";
import { buildPlugins } from "./plugins/index.js";
import { codePersistedQueryError, persistedQueryCap } from "./plugins/persisted-queries.js";
import { createRateLimits } from "./rate-limit.js";
import { requestLogDefaults } from "./plugins/request-log.js";
import { randomUUID } from "node:crypto";
import type { EventBus } from "../lib/events.js";
import { MemoryResponseStore, type ResponseStore } from "./cache/response-store.js";
import { RedisResponseStore } from "./cache/redis-response-store.js";
import { evictOnEvents } from "./plugins/response-cache.js";
import { deferredPartsOf, deferringGateway, withDeferSlot } from "./defer/gateway.js";
import { MULTIPART_CONTENT_TYPE } from "./defer/accept.js";
import { createSubscriptions, subscriptionsElsewhere } from "./subscriptions/index.js";

export interface GatewayDeps {
  /** Secrets, JWKS and API keys: see resolveAuth (lib/auth/secrets.ts). */
  auth: ResolvedAuth;
  /** The supergraph SDL to serve, never reloaded; read from config.supergraphPath (and watched) when omitted. */
  supergraphSdl?: string;
  /** Subgraph URLs by name, before <NAME>_URL and the supergraph's (tests and `npm start` start their own subgraphs). */
  subgraphUrls?: Record<string, string>;
  logger?: Logger;
  /** Where Apollo caches (persisted queries): Redis when configured, shared by every gateway; in memory otherwise. */
  cache?: KeyValueCache;
  /** Where rate limits are counted, so every gateway instance shares them; in this process when omitted. */
  redis?: RedisClient | null;
  /**
   * Where the subgraphs publish (STOCK_CHANGED): the response cache evicts what an event changes. Without one, a
   * cached answer lives out its max-age.
   */
  bus?: EventBus;
}

export interface RunningGateway extends RunningServer {
  /** http://host:port/graphql */
  url: string;
  /** Reads the supergraph file again and serves it when it changed and is valid (SIGHUP). */
  reloadSupergraph(): Promise<ReloadResult>;
}

export interface Gateway {
  /** Loads the supergraph and listens; port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<RunningGateway>;
}

/** The federation gateway: stateless, serves one composed supergraph, talks to subgraphs over keep-alive HTTP. */
export function createGateway(config: Config, deps: GatewayDeps): Gateway {
  const logger = (deps.logger ?? createLogger({ level: config.logLevel })).child({ service: "gateway" });
  return {
    async listen(port = config.port, host = config.host) {
      if (!config.apolloTelemetry) disableApolloTelemetry();
      const supergraph =
        deps.supergraphSdl !== undefined
          ? staticSupergraph(deps.supergraphSdl)
          : supergraphFromFile({ path: config.supergraphPath, watch: config.supergraphWatch, logger });
      const dataSources: SubgraphDataSource[] = [];
      const metrics = new Metrics();
      let partnerSchema: GraphQLSchema | null = null;
      let costDirectives: CostDirectives | null = null;
      // On Redis the answers are shared by every instance; in memory each instance keeps its own (RESPONSE_CACHE).
      const responseStore: ResponseStore | null = config.responseCache
        ? deps.redis
          ? new RedisResponseStore(deps.redis)
          : new MemoryResponseStore(config.responseCache.maxEntries)
        : null;
      const gateway = new ApolloGateway({
        // The file's supergraph, and each valid change to it (gateway/reload.ts).
        supergraphSdl: supergraph.manager,
        // Always, not only outside NODE_ENV=production: a reloaded supergraph that does not validate is refused.
        validateSupergraph: true,
        logger,
        // Query plans name subgraphs; never let a client ask for them.
        __exposeQueryPlanExperimental: false,
        buildService: ({ name, url }) => {
          // The supergraph says where each subgraph is; only an explicit <NAME>_URL (or a test's URL) says otherwise.
          const override = Object.hasOwn(config.subgraphs, name) ? config.subgraphs[name as SubgraphName].urlOverride : undefined;
          const target = deps.subgraphUrls?.[name] ?? override ?? url;
          if (!target) throw new Error(`supergraph names subgraph "${name}" without a URL, and none is configured`);
          const source = new SubgraphDataSource({
            name,
            url: target,
            timeoutMs: config.subgraphTimeoutMs,
            requestDeadlineMs: config.requestDeadlineMs,
            mutationTimeoutMs: config.mutationTimeoutMs,
            retries: config.retries,
            breaker: config.breaker,
            dedup: config.subgraphDedup,
            connections: config.subgraphConnections,
            logger,
            metrics,
          });
          // A reloaded supergraph that moves a subgraph gets a new source: the old one finishes what it has in flight
          // and leaves /ready, where its breaker would otherwise stay listed with nobody to close it.
          const replaced = dataSources.findIndex((previous) => previous.name === name);
          if (replaced === -1) dataSources.push(source);
          else void dataSources.splice(replaced, 1, source)[0].retire();
          return source;
        },
      });
      const formatError = (formatted: GraphQLFormattedError, error: unknown) =>
        maskError(codePersistedQueryError(formatted), error, (original) =>
          logger.error("masked error", { error: original }),
        ) as GraphQLFormattedError;
      // @defer: declared in the served schema, executed part by part for clients that read multipart (gateway/defer/).
      const served = deferringGateway(gateway, {
        sources: () => Object.fromEntries(dataSources.map((source) => [source.name, source])),
        formatError,
      });
      // The partner contract follows the served supergraph (with @defer declared, as the full graph).
      served.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
        partnerSchema = contractSchema(apiSchema, coreSupergraphSdl, "partner");
        // What lists cost follows the served supergraph too: its @listSize and @cost, as the subgraphs declare them.
        costDirectives = readCostDirectives(parse(coreSupergraphSdl));
      });
      // Subscriptions plan on the served supergraph too; they are set up once the server has started (below).
      let latestSupergraph: { apiSchema: GraphQLSchema; sdl: string } | null = null;
      let onSupergraph: ((apiSchema: GraphQLSchema, sdl: string) => void) | null = null;
      served.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
        latestSupergraph = { apiSchema, sdl: coreSupergraphSdl };
        onSupergraph?.(apiSchema, coreSupergraphSdl);
      });
      const server = new ApolloServer<GatewayContext>({
        gateway: served,
        // Always on for Apollo: the contract plugin refuses it outside the partner contract when INTROSPECTION=false.
        introspection: true,
        cache: deps.cache ?? "bounded",
        // Registered queries expire (PERSISTED_QUERY_TTL_SECONDS); their size is capped by persistedQueryCap.
        persistedQueries: { ttl: config.persistedQueries.ttlSeconds },
        includeStacktraceInErrorResponses: false,
        // No "Did you mean …" in errors: suggestions would name fields a partner's contract does not have.
        hideSchemaDetailsFromClientErrors: true,
        // Parsing stops at LIMIT_MAX_TOKENS, so a huge document costs no more than a long one (see plugins/limits.ts).
        parseOptions: { maxTokens: config.limits.maxTokens },
        // Shutdown is ours (cli/args.ts onShutdown): Apollo's own signal handlers would stop it half-way.
        stopOnTerminationSignals: false,
        plugins: [
          // Persisted-query registrations over PERSISTED_QUERY_MAX_BYTES are refused before Apollo stores them.
          persistedQueryCap(config.persistedQueries),
          // A subscription sent to POST /graphql is told where subscriptions are streamed.
          subscriptionsElsewhere(),
          ...buildPlugins({
            requestLog: { ...requestLogDefaults, metrics, logger },
            responseCache: responseStore ? { store: responseStore, logger, metrics } : false,
            contract: { schema: () => partnerSchema, introspection: config.introspection },
            limits: config.limits,
            cost: { ...config.cost, directives: () => costDirectives },
          }),
        ],
        formatError,
        logger,
      });
      await server.start();
      // A shared store needs one eviction per event (one group for every instance); a store of its own, every event.
      const stopEvictions =
        responseStore && deps.bus
          ? evictOnEvents(deps.bus, deps.redis ? "gateway-response-cache" : `gateway-response-cache-${randomUUID()}`, {
              store: responseStore,
              logger,
              metrics,
            })
          : null;
      // Nothing published from here on may be missed: the first answer may already be cached.
      if (stopEvictions) await deps.bus!.ready();
      const rateLimits = createRateLimits(config.rateLimits, { redis: deps.redis, logger, metrics });
      const authenticator = createAuthenticator(deps.auth, { rateLimits });
      // Subscriptions (gateway/subscriptions/): SSE at /graphql/stream, WebSocket on /graphql, per event through the
      // same planning, data sources and access rules as a query, on the domain events of the Redis stream or the bus.
      const subscriptions = createSubscriptions({
        config,
        redis: deps.redis,
        bus: deps.bus,
        authenticator,
        clientAddress: (req) => rateLimits.clientAddress(req),
        sources: () => Object.fromEntries(dataSources.map((source) => [source.name, source])),
        formatError,
        serviceSecret: deps.auth.serviceSecret,
        cors: corsPolicy(config.corsOrigins),
        logger,
        metrics,
      });
      const serveSubscriptions = (apiSchema: GraphQLSchema, sdl: string) =>
        subscriptions.serve(apiSchema, sdl, (name) => (name === "partner" ? partnerSchema : null));
      const loaded = latestSupergraph as { apiSchema: GraphQLSchema; sdl: string } | null;
      if (loaded) serveSubscriptions(loaded.apiSchema, loaded.sdl);
      onSupergraph = serveSubscriptions;
      let ready = true;
      // What GET /ready asks; a check that fails makes the gateway unready (see gateway/readiness.ts).
      const readiness: ReadinessCheck[] = [{ name: "supergraph", check: () => ({ ok: true, detail: supergraph.status() }) }];
      if (deps.redis) readiness.push(redisReadiness(deps.redis));
      const handler = graphqlHttpHandler(server, {
        paths: ["/graphql", "/partner/graphql"],
        maxBodyBytes: config.maxBodyBytes,
        cors: corsPolicy(config.corsOrigins),
        logger,
        // A deferred operation's later parts go out after Apollo's answer, as multipart.
        incremental: (context) => {
          const parts = deferredPartsOf(context);
          return parts ? { parts, contentType: MULTIPART_CONTENT_TYPE } : null;
        },
        context: (req, requestId, path, res) =>
          buildContext(
            req,
            requestId,
            {
              authenticator,
              serviceSecret: deps.auth.serviceSecret,
              logger,
              contract: path === "/partner/graphql" ? "partner" : null,
              deadlineMs: config.requestDeadlineMs,
            },
            res,
          ).then(withDeferSlot),
        routes: {
          "/health": (_req, res) => sendJson(res, 200, { status: "ok" }),
          // A subgraph behind an open breaker is listed but leaves the gateway ready: every instance sees the same
          // subgraph down, and taking them all out of the load balancer would turn partial answers into none.
          "/ready": (_req, res) =>
            answerReadiness(res, readiness, !ready, {
              degraded: dataSources.filter((source) => source.degraded).map((source) => source.name),
            }),
          ...sandboxRoutes(),
          "/graphql/stream": subscriptions.sse,
          "/metrics": async (_req, res) => {
            // In a cluster (--workers), any worker answers for all of them: the primary sums their registries.
            const text = cluster.isWorker
              ? await clusterMetricsText().catch((error: unknown) => {
                  logger.warn("cluster metrics unavailable; answering with this worker's", { error });
                  return metrics.render();
                })
              : await metrics.render();
            res.setHeader("content-type", metrics.contentType);
            res.end(text);
          },
        },
      });
      const running = await listen(handler, port, host, config);
      subscriptions.attach(running.server);
      logger.info("gateway listening", { url: `${running.origin}/graphql` });
      return {
        ...running,
        url: `${running.origin}/graphql`,
        reloadSupergraph: () => supergraph.reload(),
        close: async (options) => {
          // Readiness fails first; then the port closes and requests in flight finish (within options.graceMs).
          ready = false;
          // Streams end first (each completes; clients reconnect elsewhere), or they would hold the drain to its end.
          await subscriptions.close();
          await running.close(options);
          const closing = (async () => {
            await server.stop();
            stopEvictions?.();
            await Promise.all(dataSources.map((source) => source.close()));
          })();
          if (!options?.graceMs) return closing;
          // After the grace, what still ran was cut: its subgraph fetches are not waited for (a pool closes gently).
          await Promise.race([
            closing.catch((error: unknown) => logger.warn("closing the gateway failed", { error })),
            sleep(1_000, undefined, { ref: false }),
          ]);
        },
      };
    },
  };
}
