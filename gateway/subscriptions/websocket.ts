import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { GraphQLError, type ExecutionArgs } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { ErrorCode } from "../../lib/errors.js";
import type { Logger } from "../../lib/logger.js";
import type { SubscriptionHub, SubscriptionPayload } from "./hub.js";
import type { Subscriber } from "./identity.js";
import type { PushStream } from "./stream.js";

export interface WebSocketOptions {
  hub: SubscriptionHub;
  /** The subscriber the upgrade request proves, its headers overlaid with the connection parameters. */
  authenticate: (req: IncomingMessage) => Promise<Subscriber>;
  /** SUBSCRIPTIONS_MAX_PER_CONNECTION. */
  maxPerConnection: number;
  /** SUBSCRIPTION_HEARTBEAT_MS: a ping this often; a client that does not answer within as long is dropped. */
  heartbeatMs: number;
  /** The largest message a client may send (MAX_BODY_BYTES). */
  maxPayloadBytes: number;
  logger: Logger;
}

/** Credentials and client details a WebSocket client passes in `connection_init`, read as the same headers as a query's. */
const PARAMS = ["authorization", "x-api-key", "x-channel", "apollographql-client-name", "apollographql-client-version"];

/** The upgrade request as the authenticator reads it: its headers, overlaid with the connection parameters. */
function withParams(request: IncomingMessage, params: Readonly<Record<string, unknown>> | undefined): IncomingMessage {
  const headers = { ...request.headers };
  for (const [name, value] of Object.entries(params ?? {})) {
    const lower = name.toLowerCase();
    if (PARAMS.includes(lower) && typeof value === "string") headers[lower] = value;
  }
  return Object.assign(Object.create(request) as IncomingMessage, { headers });
}

type Extra = {
  subscriber?: Subscriber;
};

/** A coded error as graphql-ws sends it (an `error` message): it calls toJSON on what it is given. */
function codedErrors(errors: readonly { message: string; extensions?: Record<string, unknown> }[]): GraphQLError[] {
  return errors.map((error) => new GraphQLError(error.message, { extensions: error.extensions }));
}

/**
 * GraphQL over WebSocket (the graphql-ws protocol, subprotocol `graphql-transport-ws`) on the gateway's /graphql: the
 * upgrade is taken there, everything else on the port is left to the HTTP handler. Credentials come in
 * `connection_init`'s payload under the header names a query uses (`authorization`, `x-api-key`, …); a credential that
 * does not hold closes the connection with 4401 and the reason's code. Each `subscribe` is one subscription of the
 * hub; its refusals are `error` messages with coded errors, and a token that expires ends each of the connection's
 * subscriptions with UNAUTHENTICATED.
 */
export function attachWebSocket(server: Server, options: WebSocketOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== "/graphql") {
      socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  };
  server.on("upgrade", onUpgrade);
  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      async onConnect(ctx) {
        try {
          ctx.extra.subscriber = await options.authenticate(withParams(ctx.extra.request, ctx.connectionParams));
          return true;
        } catch (error) {
          const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
          if (typeof code !== "string") {
            options.logger.error("websocket connection could not be authenticated", { error });
            ctx.extra.socket.close(4500, "INTERNAL_SERVER_ERROR");
            return false;
          }
          // Close reasons are at most 123 bytes: the code, then as much of the message as fits.
          ctx.extra.socket.close(4401, `${code}: ${(error as Error).message}`.slice(0, 120));
          return false;
        }
      },
      async onSubscribe(ctx, _id, payload) {
        const subscriber = ctx.extra.subscriber!;
        if (subscriber.expiresAt !== null && Date.now() >= subscriber.expiresAt) {
          return codedErrors([
            { message: "The token has expired. Connect again with a new one.", extensions: { code: ErrorCode.UNAUTHENTICATED } },
          ]);
        }
        // The new subscription is counted already.
        if (Object.keys(ctx.subscriptions).length > options.maxPerConnection) {
          return codedErrors([
            {
              message: `At most ${options.maxPerConnection} subscriptions on one connection; end one first.`,
              extensions: { code: ErrorCode.SUBSCRIPTION_LIMIT_REACHED },
            },
          ]);
        }
        const opened = await options.hub.open({
          subscriber,
          query: payload.query,
          variables: payload.variables,
          operationName: payload.operationName,
        });
        if ("errors" in opened) return codedErrors(opened.errors);
        return {
          schema: opened.schema,
          document: opened.document,
          operationName: payload.operationName,
          contextValue: opened.stream,
        } satisfies ExecutionArgs;
      },
      // The hub's stream is the subscription; nothing else runs over this transport (the hub refuses other operations).
      subscribe: (args) => args.contextValue as PushStream<SubscriptionPayload> as never,
      execute: () => ({
        errors: [
          new GraphQLError("Streams carry subscriptions; send queries and mutations to POST /graphql.", {
            extensions: { code: ErrorCode.BAD_REQUEST },
          }),
        ],
      }),
      // Payloads are formatted (and masked) by the hub already: returned here, graphql-ws sends them as they are.
      onNext: (_ctx, _id, _payload, _args, result) => result as SubscriptionPayload,
    },
    wss,
    options.heartbeatMs,
  );
  return {
    async close() {
      server.off("upgrade", onUpgrade);
      await disposable.dispose();
    },
  };
}
