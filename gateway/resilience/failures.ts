import { ErrorCode, OmnigraphError } from "../../lib/errors.js";
import { SubgraphHttpError } from "../subgraph-reply.js";
import { TIMED_OUT } from "./attempt-signal.js";

/** Failures where the request never reached the subgraph's resolvers, or the connection broke before its answer. */
const CONNECTION_ERRORS = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "UND_ERR_CONNECT_TIMEOUT"]);
/**
 * Failures that happen before a request is written to a connection: nothing reached the subgraph, so a mutation that
 * failed this way changed nothing. Every other failure of a mutation sent (a timeout, a reset after sending) leaves
 * its outcome unknown.
 */
const NOT_SENT_ERRORS = new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CLOSED",
  "UND_ERR_DESTROYED",
]);
/** Answers of a proxy in front of the subgraph that lost or gave up on a request it had passed on. */
const PASSED_ON_STATUS = new Set([502, 504]);
/** Answers of a proxy or load balancer in front of a subgraph that is restarting or overloaded: worth one more try. */
const RETRIABLE_STATUS = new Set([502, 503, 504]);

/** True when a failed request may have reached the subgraph's resolvers: anything but a failure to connect. */
export function mayHaveArrived(error: unknown): boolean {
  if (error === TIMED_OUT) return true;
  if (error instanceof SubgraphHttpError) return PASSED_ON_STATUS.has(error.status);
  const code = (error as { code?: unknown } | null)?.code;
  return !(typeof code === "string" && NOT_SENT_ERRORS.has(code));
}

export function isRetriable(error: unknown): boolean {
  if (error instanceof SubgraphHttpError) return RETRIABLE_STATUS.has(error.status);
  const code = (error as { code?: string }).code;
  return typeof code === "string" && CONNECTION_ERRORS.has(code);
}

/** How a failed fetch is counted in metrics; `breakerOpen` when the breaker refused it. */
export function outcomeOf(error: unknown, breakerOpen: boolean): "error" | "timeout" | "breaker_open" {
  if (error === TIMED_OUT) return "timeout";
  return breakerOpen ? "breaker_open" : "error";
}

/**
 * What the client is told of a failed fetch: a coded error with no URL, service name or stack. `changes`: the fetch
 * was the mutation itself; `breakerOpen`: the breaker refused it, so it never left the gateway.
 */
export function clientErrorFor(error: unknown, changes: boolean, breakerOpen: boolean): OmnigraphError {
  if (changes && !breakerOpen && mayHaveArrived(error)) {
    // The client must not take a timeout for "nothing happened", nor retry with a new key and order twice.
    return new OmnigraphError(
      ErrorCode.MUTATION_OUTCOME_UNKNOWN,
      "The change was sent but its answer did not arrive in time: it may or may not have happened. Retrying with the same idempotency key is safe and answers what happened.",
    );
  }
  if (error === TIMED_OUT) {
    return new OmnigraphError(ErrorCode.SUBGRAPH_TIMEOUT, "Part of the graph took too long to answer; the rest of the answer stands.");
  }
  return new OmnigraphError(ErrorCode.SUBGRAPH_UNAVAILABLE, "Part of the graph is unavailable right now; the rest of the answer stands.");
}
