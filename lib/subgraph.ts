import type { IncomingMessage } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { SubgraphName } from "./config.js";
import { maskError } from "./errors.js";
import { graphqlHttpHandler, listen, sendJson, type RunningServer } from "./http.js";
import type { Logger } from "./logger.js";
import { SalesChannel } from "./channel.js";
import { ANONYMOUS, channelFromClientName, parseChannel, type RequestInfo } from "./viewer.js";

/** The context every subgraph resolver receives: who is asking plus this request's DataLoaders. */
export interface SubgraphContext<TLoaders> extends RequestInfo {
  logger: Logger;
  loaders: TLoaders;
}

/** What a subgraph's `createSubgraph()` returns: a schema and how to make one request's loaders. */
export interface Subgraph<TLoaders> {
  name: SubgraphName;
  schema: GraphQLSchema;
  createLoaders(): TLoaders;
}

export interface ServeOptions {
  port: number;
  host: string;
  logger: Logger;
  maxBodyBytes: number;
  introspection: boolean;
}

export interface RunningSubgraph extends RunningServer {
  /** http://host:port/graphql */
  url: string;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** What the request says about itself (channel, client); the gateway sets these headers. */
export function requestInfoFrom(req: IncomingMessage, requestId: string): RequestInfo {
  const clientName = header(req, "apollographql-client-name");
  return {
    requestId,
    viewer: ANONYMOUS,
    channel: parseChannel(header(req, "x-channel")) ?? channelFromClientName(clientName) ?? SalesChannel.WEB,
    client: { name: clientName, version: header(req, "apollographql-client-version") },
  };
}

/** Serves one subgraph over HTTP at /graphql, with /health. */
export async function serveSubgraph<TLoaders>(subgraph: Subgraph<TLoaders>, options: ServeOptions): Promise<RunningSubgraph> {
  const logger = options.logger.child({ service: subgraph.name });
  const server = new ApolloServer<SubgraphContext<TLoaders>>({
    schema: subgraph.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    formatError: (formatted, error) =>
      maskError(formatted, error, (original) => logger.error("masked error", { error: original })) as never,
    logger,
  });
  await server.start();
  const handler = graphqlHttpHandler(server, {
    maxBodyBytes: options.maxBodyBytes,
    logger,
    context: async (req, requestId) => {
      const info = requestInfoFrom(req, requestId);
      return { ...info, logger: logger.child({ requestId }), loaders: subgraph.createLoaders() };
    },
    routes: { "/health": (_req, res) => sendJson(res, 200, { status: "ok", service: subgraph.name }) },
  });
  const running = await listen(handler, options.port, options.host);
  return {
    ...running,
    url: `${running.origin}/graphql`,
    close: async () => {
      await running.close();
      await server.stop();
    },
  };
}
