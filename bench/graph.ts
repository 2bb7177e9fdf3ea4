import { readFile } from "node:fs/promises";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { createAuthenticator } from "../gateway/auth.js";
import { buildContext, type GatewayContext } from "../gateway/context.js";
import { createGateway } from "../gateway/server.js";
import { signPersonToken, type PersonRole } from "../lib/auth/people.js";
import { ephemeralAuth, type ResolvedAuth } from "../lib/auth/secrets.js";
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from "../lib/config.js";
import { requestIdOf } from "../lib/http.js";
import { createLogger, type Logger } from "../lib/logger.js";
import { serveSubgraph, type RunningSubgraph, type Subgraph } from "../lib/subgraph.js";
import * as catalog from "../subgraphs/catalog/index.js";
import * as customer from "../subgraphs/customer/index.js";
import * as inventory from "../subgraphs/inventory/index.js";
import * as order from "../subgraphs/order/index.js";

export interface BenchTarget {
  name: "omnigraph" | "baseline";
  /** Where to POST GraphQL: loopback only. */
  url: string;
  close(): Promise<void>;
}

export interface BenchGraph {
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** `Authorization` headers that sign a request in as a person, accepted by both gateways alike. */
  as(role: PersonRole, id: string, storeId?: string): Promise<Record<string, string>>;
  omnigraph: BenchTarget;
  baseline: BenchTarget;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";

const factories: Record<SubgraphName, () => Promise<Subgraph<unknown>>> = {
  catalog: () => catalog.createSubgraph() as Promise<Subgraph<unknown>>,
  inventory: () => inventory.createSubgraph() as Promise<Subgraph<unknown>>,
  customer: () => customer.createSubgraph() as Promise<Subgraph<unknown>>,
  order: () => order.createSubgraph() as Promise<Subgraph<unknown>>,
};

/**
 * The four subgraphs started the way the tests start them, and two gateways in front of the very same subgraphs,
 * so any difference between the gateways' figures comes from the gateways alone.
 */
export async function startBenchGraph(): Promise<BenchGraph> {
  const logger = createLogger({ level: "silent" });
  const config = loadConfig({ LOG_LEVEL: "silent" });
  // Fresh secrets in memory: a benchmark must neither need nor write the developer's secrets file.
  const auth = ephemeralAuth();
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  const started: RunningSubgraph[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) {
      subgraphs[name] = await serveSubgraph(await factories[name](), {
        serviceSecret: auth.serviceSecret,
        port: 0,
        host: HOST,
        logger,
        maxBodyBytes: config.maxBodyBytes,
        introspection: true,
      });
      started.push(subgraphs[name]);
    }
    const supergraphSdl = await readFile(new URL("../schema/supergraph.graphql", import.meta.url), "utf8");
    const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphs[name].url]));

    const running = await createGateway(config, { auth, supergraphSdl, subgraphUrls, logger }).listen(0, HOST);
    const omnigraph: BenchTarget = { name: "omnigraph", url: running.url, close: running.close };
    const baseline = await startBaseline(supergraphSdl, subgraphUrls, auth, logger).catch(async (error: unknown) => {
      await omnigraph.close();
      throw error;
    });
    return {
      subgraphs,
      as: async (role, id, storeId) => ({
        authorization: `Bearer ${await signPersonToken(auth.jwtSecret!, { sub: id, role, storeId })}`,
      }),
      omnigraph,
      baseline,
      async close() {
        await Promise.allSettled([omnigraph.close(), baseline.close()]);
        await Promise.allSettled(started.map((subgraph) => subgraph.close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((subgraph) => subgraph.close()));
    throw error;
  }
}

/**
 * Stock @apollo/gateway as its documentation sets it up: RemoteGraphQLDataSource and the standalone server. Subgraphs
 * answer only requests carrying the gateway's signed identity, so the baseline authenticates callers with the very
 * same code as omnigraph (context function) and forwards the signed headers the documented way (willSendRequest):
 * both sides do the same security work, and what differs is the gateway plumbing. The logger is silent on both.
 */
async function startBaseline(
  supergraphSdl: string,
  subgraphUrls: Record<string, string>,
  auth: ResolvedAuth,
  logger: Logger,
): Promise<BenchTarget> {
  // Read by @apollo/gateway's constructor: a benchmark must never report usage to Apollo.
  process.env.APOLLO_TELEMETRY_DISABLED = "true";
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService: ({ name }) => new ForwardingDataSource({ url: subgraphUrls[name] }),
  });
  const server = new ApolloServer<GatewayContext>({ gateway, logger });
  const authenticator = createAuthenticator(auth);
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: HOST },
    context: ({ req }) => buildContext(req, requestIdOf(req), { authenticator, serviceSecret: auth.serviceSecret, logger, contract: null }),
  });
  // The standalone server reports its URL with whatever host name it likes; the load generator wants loopback.
  const port = new URL(url).port;
  return {
    name: "baseline",
    url: `http://${HOST}:${port}/graphql`,
    // startStandaloneServer installs the drain plugin, so stopping the server also closes its HTTP listener.
    close: () => server.stop(),
  };
}

class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Only client operations have a request context; the gateway's own requests (none with a static supergraph) do not.
    const forward = (context as Partial<GatewayContext>).forwardHeaders;
    if (forward) for (const [name, value] of Object.entries(forward)) request.http?.headers.set(name, value);
  }
}
