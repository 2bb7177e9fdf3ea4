import { Pool } from "undici";
import { signIdentity } from "./auth/internal.js";
import { SalesChannel } from "./channel.js";
import { ErrorCode, OmnigraphError } from "./errors.js";
import { DEADLINE_HEADER } from "./subgraph-limits.js";

/** A call from one service to another's GraphQL endpoint, signed with a `service` identity. */
export interface ServiceClient {
  request<T>(query: string, variables?: Record<string, unknown>, context?: { requestId?: string; channel?: SalesChannel }): Promise<T>;
  close(): Promise<void>;
}

export interface ServiceClientOptions {
  /** Who is calling, e.g. "order": the callee sees viewer { kind: "service", id }. */
  caller: string;
  url: string;
  serviceSecret: string;
  timeoutMs?: number;
}

/**
 * Service-to-service GraphQL over a keep-alive pool, with the same signed identity the gateway uses, so subgraphs
 * need no second trust mechanism. GraphQL errors come back as an OmnigraphError with the callee's code.
 */
export function createServiceClient(options: ServiceClientOptions): ServiceClient {
  const url = new URL(options.url);
  // The callee is told how long the caller waits, so it does not stop sooner (its own default is SUBGRAPH_TIMEOUT_MS).
  const waitsMs = String(options.timeoutMs ?? 10_000);
  const pool = new Pool(url.origin, {
    connections: 16,
    keepAliveTimeout: 30_000,
    headersTimeout: options.timeoutMs ?? 10_000,
    bodyTimeout: options.timeoutMs ?? 10_000,
  });
  return {
    async request<T>(query: string, variables?: Record<string, unknown>, context: { requestId?: string; channel?: SalesChannel } = {}) {
      const requestId = context.requestId ?? `svc-${options.caller}-${Date.now().toString(36)}`;
      const identity = signIdentity(options.serviceSecret, {
        requestId,
        viewer: { kind: "service", id: options.caller },
        channel: context.channel ?? SalesChannel.WEB,
        storeId: null,
        client: { name: `omnigraph-${options.caller}`, version: null },
      });
      let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
      try {
        const response = await pool.request({
          path: url.pathname,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-omnigraph-identity": identity,
            "x-request-id": requestId,
            [DEADLINE_HEADER]: waitsMs,
          },
          body: JSON.stringify({ query, variables }),
        });
        body = (await response.body.json()) as typeof body;
      } catch (error) {
        throw new OmnigraphError(ErrorCode.SUBGRAPH_UNAVAILABLE, "A service this operation needs is unavailable; nothing was changed.", {
          cause: String((error as Error).message ?? error),
        });
      }
      if (body.errors?.length) {
        // The callee's words are about its own API, not the caller's client: they go to the log, not to the client.
        const [first] = body.errors;
        throw new CalleeError(options.caller, first.extensions?.code ?? null, first.message);
      }
      return body.data as T;
    },
    close: () => pool.close(),
  };
}

/**
 * A service call answered with an error. It carries no client-facing code, so the gateway masks it as
 * INTERNAL_SERVER_ERROR and logs the callee's code and message.
 */
export class CalleeError extends Error {
  constructor(
    readonly caller: string,
    readonly calleeCode: string | null,
    message: string,
  ) {
    super(`service call by ${caller} failed (${calleeCode ?? "no code"}): ${message}`);
    this.name = "CalleeError";
  }
}
