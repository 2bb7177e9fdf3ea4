import { readFile } from "node:fs/promises";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { signIdentity } from "../../lib/auth/internal.js";
import { SalesChannel } from "../../lib/channel.js";
import type { Viewer } from "../../lib/viewer.js";

// The bench's "bare" gateway: stock @apollo/gateway as its documentation sets it up (defaults, RemoteGraphQLDataSource,
// ApolloServer + startStandaloneServer), in its own process.
//   SUPERGRAPH_PATH       the supergraph file to serve (its subgraph URLs are where the subgraphs are)
//   PORT                  where to listen, on 127.0.0.1
//   SERVICE_TOKEN_SECRET  signs the identity our subgraphs require; unset for the public benchmark's subgraphs
const serviceSecret = process.env.SERVICE_TOKEN_SECRET;
process.env.APOLLO_TELEMETRY_DISABLED = "true";

/**
 * The one addition to stock: our subgraphs answer only requests carrying the gateway's signed identity, so
 * willSendRequest signs one for the person the bearer token names (read, not verified: bare does no authentication).
 */
class IdentityDataSource extends RemoteGraphQLDataSource<{ authorization?: string }> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ authorization?: string }>): void {
    const token = context.authorization?.split(" ")[1] ?? "";
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString() || "{}") as {
      sub?: string;
      role?: string;
      storeId?: string;
    };
    const viewer = (
      claims.sub ? { kind: claims.role, id: claims.sub, ...(claims.storeId ? { storeId: claims.storeId } : {}) } : { kind: "anonymous" }
    ) as Viewer;
    request.http?.headers.set(
      "x-omnigraph-identity",
      signIdentity(serviceSecret!, {
        requestId: "bench",
        viewer,
        channel: SalesChannel.WEB,
        storeId: null,
        client: { name: null, version: null },
      }),
    );
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: await readFile(process.env.SUPERGRAPH_PATH!, "utf8"),
  buildService: ({ url }) => (serviceSecret ? new IdentityDataSource({ url }) : new RemoteGraphQLDataSource({ url })),
});
const server = new ApolloServer<{ authorization?: string }>({ gateway });
await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT), host: "127.0.0.1" },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
process.once("SIGTERM", () => process.exit(0));
