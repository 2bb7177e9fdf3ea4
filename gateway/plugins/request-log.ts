import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type DocumentNode } from "graphql";
import type { Logger } from "../../lib/logger.js";
import type { GatewayContext } from "../context.js";
import type { Metrics, RequestOutcome } from "../metrics.js";

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
        async willSendResponse({ contextValue, request, response, errors, operationName, document }) {
          const durationMs = Math.round((performance.now() - started) * 10) / 10;
          const body = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = errorCodes(errors, body?.errors);
          const status = response.http.status ?? 200;
          // Refused before it ran (a bad document, a limit): 4xx; answered with errors: partial data or 5xx.
          const outcome: RequestOutcome = status >= 400 && status < 500 ? "rejected" : codes || status >= 500 ? "error" : "ok";
          const fields = {
            requestId: contextValue.requestId,
            viewer: contextValue.viewer.kind,
            // The name of the operation that ran (a document may hold several), else what the client asked for, else
            // the one name a document that was refused (did not validate) gives.
            operationName: operationName ?? request.operationName ?? onlyOperationName(document),
            client: contextValue.client.name,
            channel: contextValue.channel,
            durationMs,
            status,
            errors: codes,
            outcome,
          };
          options.metrics?.request({
            operation: fields.operationName,
            client: contextValue.client.name,
            channel: contextValue.channel,
            outcome,
            durationMs,
          });
          if (durationMs >= options.slowMs) options.logger.warn("slow request", fields);
          else options.logger.info("request", fields);
        },
      };
    },
  };
}

/** The codes of the request's and the response's errors, or undefined when there are none (most requests). */
function errorCodes(...lists: (readonly { extensions?: Record<string, unknown> }[] | undefined)[]): unknown[] | undefined {
  let codes: unknown[] | undefined;
  for (const list of lists) {
    for (const error of list ?? []) (codes ??= []).push(error.extensions?.code ?? "UNKNOWN");
  }
  return codes;
}

/** The name of a document's only operation, or null: for requests refused before an operation was chosen. */
function onlyOperationName(document: DocumentNode | undefined): string | null {
  if (!document) return null;
  let name: string | null = null;
  let operations = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (++operations > 1) return null;
    name = definition.name?.value ?? null;
  }
  return name;
}
