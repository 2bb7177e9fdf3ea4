import type { ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext } from "../context.js";
import type { Metrics } from "../metrics.js";

export interface RequestLogOptions {
  /** Requests slower than this many milliseconds are logged at warn instead of info. */
  slowMs: number;
  /** Where request counts and latencies go (GET /metrics); none when omitted. */
  metrics?: Metrics;
}

export const requestLogDefaults: RequestLogOptions = { slowMs: 1_000 };

/** One structured line per request (operation, client, channel, duration, error codes, under the request id) and its metrics. */
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
          options.metrics?.observeRequestMs(durationMs);
          options.metrics?.inc("omnigraph_requests_total", {
            status: `${String(fields.status).charAt(0)}xx`,
            errors: codes.length > 0 ? "yes" : "no",
          });
          if (durationMs >= options.slowMs) contextValue.logger.warn("slow request", fields);
          else contextValue.logger.info("request", fields);
        },
      };
    },
  };
}
