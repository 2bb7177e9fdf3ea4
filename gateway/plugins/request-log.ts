import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "../../lib/logger.js";
import type { GatewayContext } from "../context.js";
import type { Metrics } from "../metrics.js";

export interface RequestLogOptions {
  /** Requests slower than this many milliseconds are logged at warn instead of info. */
  slowMs: number;
  /** Where request counts and latencies go (GET /metrics); none when omitted. */
  metrics?: Metrics;
  /**
   * The gateway's logger. The line names the request id and viewer as fields rather than through the request's own
   * child logger, which is then never made for a request that logs nothing else.
   */
  logger: Logger;
}

export const requestLogDefaults: Omit<RequestLogOptions, "logger"> = { slowMs: 1_000 };

/** One structured line per request (operation, client, channel, duration, error codes, under the request id) and its metrics. */
export function requestLog(options: RequestLogOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, request, response, errors }) {
          const durationMs = Math.round((performance.now() - started) * 10) / 10;
          const body = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = errorCodes(errors, body?.errors);
          const status = response.http.status ?? 200;
          const fields = {
            requestId: contextValue.requestId,
            viewer: contextValue.viewer.kind,
            operationName: request.operationName ?? null,
            client: contextValue.client.name,
            channel: contextValue.channel,
            durationMs,
            status,
            errors: codes,
          };
          if (options.metrics) {
            options.metrics.observeRequestMs(durationMs);
            options.metrics.inc("omnigraph_requests_total", { status: STATUS_CLASSES[Math.floor(status / 100)] ?? `${Math.floor(status / 100)}xx`, errors: codes ? "yes" : "no" });
          }
          if (durationMs >= options.slowMs) options.logger.warn("slow request", fields);
          else options.logger.info("request", fields);
        },
      };
    },
  };
}

const STATUS_CLASSES: Record<number, string> = { 1: "1xx", 2: "2xx", 3: "3xx", 4: "4xx", 5: "5xx" };

/** The codes of the request's and the response's errors, or undefined when there are none (most requests). */
function errorCodes(...lists: (readonly { extensions?: Record<string, unknown> }[] | undefined)[]): unknown[] | undefined {
  let codes: unknown[] | undefined;
  for (const list of lists) {
    for (const error of list ?? []) (codes ??= []).push(error.extensions?.code ?? "UNKNOWN");
  }
  return codes;
}
