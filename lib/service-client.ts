import { Pool } from "undici";
import { signIdentity } from "./auth/internal.js";
import { SalesChannel } from "./channel.js";
import { ErrorCode, OmnigraphError } from "./errors.js";

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
          headers: { "content-type": "application/json", "x-omnigraph-identity": identity, "x-request-id": requestId },
          body: JSON.stringify({ query, variables }),
        });
        body = (await response.body.json()) as typeof body;
      } catch (error) {
        throw new OmnigraphError(ErrorCode.SUBGRAPH_UNAVAILABLE, "A service this operation needs is unavailable; nothing was changed.", {
          cause: String((error as Error).message ?? error),
        });
      }
      if (body.errors?.length) {
        const [first] = body.errors;
        const code = first.extensions?.code;
        throw new OmnigraphError(
          code && Object.values(ErrorCode).includes(code as ErrorCode) ? (code as ErrorCode) : ErrorCode.INTERNAL_SERVER_ERROR,
          first.message,
        );
      }
      return body.data as T;
    },
    close: () => pool.close(),
  };
}
