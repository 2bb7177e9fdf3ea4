import type { ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext } from "../context.js";

export interface RequestLogOptions {
  /** Requests slower than this many milliseconds are logged at warn instead of info. */
  slowMs: number;
}

export const requestLogDefaults: RequestLogOptions = { slowMs: 1_000 };

/** One structured line per request: operation, client, channel, duration and error codes, under the request id. */
export function requestLog(options: RequestLogOptions = requestLogDefaults): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, request, response, errors }) {
          const durationMs = Math.round((performance.now() - started) * 10) / 10;
          const body = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = [...(errors ?? []), ...(body?.errors ?? [])].map((e) => e.extensions?.code ?? "UNKNOWN");
          const fields = {
            operationName: request.operationName ?? null,
            client: contextValue.client.name,
            channel: contextValue.channel,
            durationMs,
            status: response.http.status ?? 200,
            errors: codes.length > 0 ? codes : undefined,
          };
          if (durationMs >= options.slowMs) contextValue.logger.warn("slow request", fields);
          else contextValue.logger.info("request", fields);
        },
      };
    },
  };
}
