import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import { loadConfig, type Config, type SubgraphName } from "./config.js";
import { maskError } from "./errors.js";
import { graphqlHttpHandler, listen, sendJson, type HttpLimits, type RunningServer } from "./http.js";
import type { Logger } from "./logger.js";
import { IDENTITY_HEADER, verifyIdentity } from "./auth/internal.js";
import type { RequestInfo } from "./viewer.js";
import { deadlineOf, DEADLINE_HEADER, stopAbandonedWork, subgraphCostLimit, watchCaller, type CallerState } from "./subgraph-limits.js";

/** The context every subgraph resolver receives: who is asking, this request's DataLoaders and the subgraph's services. */
export interface SubgraphContext<TLoaders, TServices = unknown> extends RequestInfo {
  logger: Logger;
  loaders: TLoaders;
  /** The subgraph's services (the same object for every request): the flows a resolver calls. */
  services: TServices;
  /** Whether anybody still waits for this request's answer (see lib/subgraph-limits.ts). */
  caller?: CallerState;
}

/** What a subgraph's `createSubgraph()` returns: a schema, its services and how to make one request's loaders. */
export interface Subgraph<TLoaders, TServices = unknown> {
  name: SubgraphName;
  schema: GraphQLSchema;
  /** Made once with the subgraph; every request's context carries this same object (undefined: none). */
  services: TServices;
  createLoaders(): TLoaders;
  /** Background work that runs while the subgraph is served (event consumers, expiry sweeps). */
  start?(): Promise<void>;
  /** Stops what start() began and closes clients. */
  stop?(): Promise<void>;
}

export interface ServeOptions {
  /** Verifies the gateway's identity token on every request (SERVICE_TOKEN_SECRET). */
  serviceSecret: string;
  port: number;
  host: string;
  logger: Logger;
  /** MAX_BODY_BYTES: the largest body accepted without a valid signed identity; signed callers get SUBGRAPH_MAX_BODY_BYTES (`work`). */
  maxBodyBytes: number;
  /** Header size and read timeouts: the subgraph holds its door like the gateway (a Config has these fields). */
  limits: HttpLimits;
  introspection: boolean;
  /**
   * How much work one request may ask for: SUBGRAPH_COST_LIMIT and COST_DEFAULT_LIST_SIZE (`cost`), and
   * SUBGRAPH_TIMEOUT_MS, after which the gateway no longer waits unless it says otherwise (x-omnigraph-deadline-ms,
   * at most MUTATION_TIMEOUT_MS), and SUBGRAPH_MAX_BODY_BYTES (a Config has these fields). Their defaults when omitted.
   */
  work?: Pick<Config, "cost" | "subgraphTimeoutMs" | "mutationTimeoutMs" | "subgraphMaxBodyBytes">;
}

export interface RunningSubgraph extends RunningServer {
  /** http://host:port/graphql */
  url: string;
}

/** Who is asking, from the gateway's signed identity: the only thing a subgraph trusts. 401 without it. */
export function requestInfoFrom(req: IncomingMessage, serviceSecret: string): RequestInfo {
  const token = req.headers[IDENTITY_HEADER];
  return verifyIdentity(serviceSecret, typeof token === "string" ? token : null);
}

/** The request's verified identity, or null when it has none or an invalid one (the context then answers 401). */
function signedBy(req: IncomingMessage, serviceSecret: string): RequestInfo | null {
  const token = req.headers[IDENTITY_HEADER];
  if (typeof token !== "string") return null;
  try {
    return verifyIdentity(serviceSecret, token);
  } catch {
    return null;
  }
}

/** Serves one subgraph over HTTP at /graphql, with /health. */
export async function serveSubgraph<TLoaders, TServices>(
  subgraph: Subgraph<TLoaders, TServices>,
  options: ServeOptions,
): Promise<RunningSubgraph> {
  const logger = options.logger.child({ service: subgraph.name });
  const work = options.work ?? loadConfig({});
  const server = new ApolloServer<SubgraphContext<TLoaders, TServices>>({
    schema: subgraph.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ours (cli/args.ts onShutdown): Apollo's own signal handlers would stop it half-way.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      subgraphCostLimit(subgraph.schema, { costLimit: work.cost.subgraphLimit, defaultListSize: work.cost.defaultListSize }),
    ],
    formatError: (formatted, error) =>
      maskError(formatted, error, (original) => logger.error("masked error", { error: original })) as never,
    logger,
  });
  await server.start();
  stopAbandonedWork(subgraph.schema, (context) => (context as SubgraphContext<TLoaders, TServices>).caller);
  const callers = new WeakMap<IncomingMessage, CallerState>();
  const maxDeadlineMs = Math.max(work.subgraphTimeoutMs, work.mutationTimeoutMs);
  // Identities verified before the body is read, so that only a signed caller gets the larger body limit; the
  // context takes the verified one rather than checking the signature twice.
  const identities = new WeakMap<IncomingMessage, RequestInfo>();
  const handlerOptions = {
    logger,
    context: async (req: IncomingMessage) => {
      // Every request, _service and _entities included: nobody reaches the data around the gateway.
      const info = identities.get(req) ?? requestInfoFrom(req, options.serviceSecret);
      return {
        ...info,
        logger: logger.child({ requestId: info.requestId }),
        loaders: subgraph.createLoaders(),
        services: subgraph.services,
        caller: callers.get(req),
      };
    },
    routes: { "/health": (_req: IncomingMessage, res: ServerResponse) => sendJson(res, 200, { status: "ok", service: subgraph.name }) },
  };
  const fromAnybody = graphqlHttpHandler(server, { ...handlerOptions, maxBodyBytes: options.maxBodyBytes });
  // SUBGRAPH_MAX_BODY_BYTES for the gateway and other services: an entity fetch grows with the answer it completes.
  const trustedMaxBodyBytes = Math.max(work.subgraphMaxBodyBytes, options.maxBodyBytes);
  const fromSigned =
    trustedMaxBodyBytes > options.maxBodyBytes
      ? graphqlHttpHandler(server, { ...handlerOptions, maxBodyBytes: trustedMaxBodyBytes })
      : fromAnybody;
  const watched = (req: IncomingMessage, res: ServerResponse) => {
    callers.set(req, watchCaller(res, deadlineOf(req.headers[DEADLINE_HEADER], work.subgraphTimeoutMs, maxDeadlineMs)));
    const info = signedBy(req, options.serviceSecret);
    if (info === null) return fromAnybody(req, res);
    identities.set(req, info);
    fromSigned(req, res);
  };
  const running = await listen(watched, options.port, options.host, options.limits);
  await subgraph.start?.();
  return {
    ...running,
    url: `${running.origin}/graphql`,
    close: async () => {
      await running.close();
      await server.stop();
      await subgraph.stop?.();
    },
  };
}
