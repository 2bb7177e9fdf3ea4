import { createWriteStream, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { readFile } from "node:fs/promises";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { createGateway } from "../../gateway/server.js";
import { demoApiKeyRecords } from "../../lib/auth/api-keys.js";
import { signIdentity } from "../../lib/auth/internal.js";
import { SalesChannel } from "../../lib/channel.js";
import { loadConfig } from "../../lib/config.js";
import { createLogger } from "../../lib/logger.js";
import type { Viewer } from "../../lib/viewer.js";

// One gateway in its own process, pinned by the bench to its own core: `omnigraph` (ours, every production feature
// on) or `bare` (stock @apollo/gateway). Tells the bench `{ type: "ready", url }` once it serves.
//   BENCH_SUPERGRAPH      the supergraph file to serve
//   BENCH_SUBGRAPH_URLS   JSON { name: url } where each subgraph really is
//   BENCH_JWT_SECRET      people's HS256 secret (ours verifies every request's token with it)
//   BENCH_SERVICE_SECRET  signs the identity our subgraphs require; unset for the public benchmark's subgraphs
//   BENCH_LOG_FILE        where ours writes its JSON request log, at info
const kind = process.argv[2];
const supergraphSdl = await readFile(process.env.BENCH_SUPERGRAPH!, "utf8");
const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS!) as Record<string, string>;
const jwtSecret = process.env.BENCH_JWT_SECRET!;
const serviceSecret = process.env.BENCH_SERVICE_SECRET;
process.env.APOLLO_TELEMETRY_DISABLED = "true";


/** Ours as production runs it: production mode, identity, limits, masking, metrics and an info request log to a file. */
async function startOmnigraph(): Promise<string> {
  const config = loadConfig({
    OMNIGRAPH_ENV: "production",
    LOG_LEVEL: "info",
    AUTH_JWT_SECRET: jwtSecret,
    SERVICE_TOKEN_SECRET: serviceSecret ?? jwtSecret,
    API_KEYS: demoApiKeyRecords()
      .map((key) => [key.kind, key.owner, key.tier, key.hash, key.storeId ?? ""].join(":"))
      .join(";"),
  });
  const file = createWriteStream(process.env.BENCH_LOG_FILE ?? "/dev/null", { flags: "a" });
  const logger = createLogger({ level: "info", write: (line) => file.write(line + "\n") });
  const running = await createGateway(config, {
    auth: {
      jwtSecret,
      jwksUrl: undefined,
      issuer: "omnigraph",
      audience: "omnigraph",
      serviceSecret: serviceSecret ?? jwtSecret,
      apiKeys: demoApiKeyRecords(),
      generated: false,
    },
    supergraphSdl,
    subgraphUrls,
    logger,
  }).listen(0, "127.0.0.1");
  return running.url;
}

/**
 * Stock @apollo/gateway as its documentation sets it up: defaults, RemoteGraphQLDataSource, startStandaloneServer.
 * The one addition: our subgraphs answer only requests carrying the gateway's signed identity, so willSendRequest
 * signs one for the person the bearer token names (read, not verified: bare does no authentication).
 */
async function startBare(): Promise<string> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => (serviceSecret ? new IdentityDataSource({ url: subgraphUrls[name] }) : new RemoteGraphQLDataSource({ url: subgraphUrls[name] })),
  });
  const server = new ApolloServer<{ authorization?: string }>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return `http://127.0.0.1:${new URL(url).port}/graphql`;
}

class IdentityDataSource extends RemoteGraphQLDataSource<{ authorization?: string }> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ authorization?: string }>): void {
    const token = context.authorization?.split(" ")[1] ?? "";
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString() || "{}") as { sub?: string; role?: string; storeId?: string };
    const viewer = (claims.sub ? { kind: claims.role, id: claims.sub, ...(claims.storeId ? { storeId: claims.storeId } : {}) } : { kind: "anonymous" }) as Viewer;
    request.http?.headers.set(
      "x-omnigraph-identity",
      signIdentity(serviceSecret!, { requestId: "bench", viewer, channel: SalesChannel.WEB, storeId: null, client: { name: null, version: null } }),
    );
  }
}

// Last, once the class above exists.
let url: string;
if (kind === "omnigraph") {
  url = await startOmnigraph();
} else if (kind === "bare") {
  url = await startBare();
} else {
  throw new Error(`gateway kind must be omnigraph or bare, not ${kind}`);
}
process.send?.({ type: "ready", url });
process.once("SIGTERM", () => process.exit(0));

// `npm run bench -- --profile`: a CPU profile of the measured window only (not start-up or warm-up).
let session: Session | null = null;
process.on("message", (message: { type?: string; path?: string }) => {
  void (async () => {
    if (message?.type === "profile-start") {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    } else if (message?.type === "profile-stop" && session) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(message.path!, JSON.stringify(profile));
      session.disconnect();
      process.send?.({ type: "profiled" });
    }
  })();
});
