import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { ErrorCode, isClientSafeCode, maskError, NotFoundError, OmnigraphError } from "../../lib/errors.js";
import { codePersistedQueryError } from "../../gateway/plugins/persisted-queries.js";
import { TIMED_OUT } from "../../gateway/resilience/attempt-signal.js";
import { clientErrorFor, isRetriable, mayHaveArrived, outcomeOf } from "../../gateway/resilience/failures.js";
import { SubgraphHttpError } from "../../gateway/subgraph-reply.js";

// What a client sees of an error: a coded message and client-safe extensions; never a URL, a stack or a service name.

/** As the gateway's formatError does it (gateway/server.ts): Apollo's persisted-query errors coded, then masked. */
function shown(formatted: Parameters<typeof maskError>[0], original: unknown = undefined) {
  const masked: unknown[] = [];
  const result = maskError(codePersistedQueryError(formatted), original, (error) => masked.push(error));
  return { result, masked };
}

const LEAKS = /https?:\/\/|127\.0\.0\.1|localhost|:\d{4}\b|\bat \w+ \(|\.ts:\d+|stack|inventory|catalog|subgraph "/i;

describe("masking errors for clients", () => {
  it("keeps a coded error's message and only the extensions a client may read", () => {
    const { result, masked } = shown({
      message: 'Product "p-9" was not found.',
      path: ["product"],
      extensions: { code: ErrorCode.NOT_FOUND, field: ["id"], requestId: "r-1", serviceName: "catalog", stacktrace: ["at x"] },
    });
    expect(result).toEqual({
      message: 'Product "p-9" was not found.',
      path: ["product"],
      locations: undefined,
      extensions: { code: ErrorCode.NOT_FOUND, field: ["id"], requestId: "r-1" },
    });
    expect(masked).toEqual([]);
  });

  it("turns an uncoded error into INTERNAL_SERVER_ERROR, and hands the original to the log only", () => {
    const original = new Error("connect ECONNREFUSED 127.0.0.1:4002 at http://inventory:4002/graphql");
    const { result, masked } = shown({ message: original.message, extensions: { stacktrace: original.stack?.split("\n") } }, original);
    expect(result).toEqual({ message: "Internal server error.", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
    expect(JSON.stringify(result)).not.toMatch(LEAKS);
    expect(masked).toEqual([original]);
  });

  it("masks a code the gateway does not know (a subgraph's own) and an INTERNAL_SERVER_ERROR's message", () => {
    expect(shown({ message: "db down at redis://10.0.0.4", extensions: { code: "ECONNRESET" } }).result.message).toBe(
      "Internal server error.",
    );
    const internal = shown({ message: "TypeError: cannot read x of undefined", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
    expect(internal.result.message).toBe("Internal server error.");
    expect(internal.masked).toHaveLength(1);
  });

  it("knows every ErrorCode and nothing else as client-safe", () => {
    for (const code of Object.values(ErrorCode)) expect(isClientSafeCode(code), code).toBe(true);
    for (const code of ["", "INTERNAL", "econnrefused", 42, null, undefined]) expect(isClientSafeCode(code)).toBe(false);
  });

  it("gives Apollo's uncoded persisted-query errors codes of their own instead of masking them", () => {
    const mismatch = shown({ message: "provided sha does not match query", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
    expect(mismatch.result.extensions.code).toBe(ErrorCode.PERSISTED_QUERY_HASH_MISMATCH);
    expect(mismatch.masked).toEqual([]);
    const version = shown({ message: "Unsupported persisted query version" });
    expect(version.result.extensions.code).toBe(ErrorCode.PERSISTED_QUERY_VERSION_NOT_SUPPORTED);
  });

  it("builds coded errors that pass the mask unchanged", () => {
    const error = new NotFoundError("Order", "o-1");
    expect(error).toBeInstanceOf(OmnigraphError);
    expect(error).toBeInstanceOf(GraphQLError);
    const { result } = shown(error.toJSON(), error);
    expect(result).toMatchObject({ message: 'Order "o-1" was not found.', extensions: { code: ErrorCode.NOT_FOUND } });
  });
});

describe("what a client is told of a failed subgraph fetch", () => {
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4002"), { code: "ECONNREFUSED" });
  const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
  const badGateway = new SubgraphHttpError(502, "<html>upstream http://10.0.0.7:4004 failed</html>");
  const serverError = new SubgraphHttpError(500, "TypeError at resolvers/order.ts:42");

  it("a query: SUBGRAPH_TIMEOUT when out of time, else SUBGRAPH_UNAVAILABLE, with no URL, stack or service", () => {
    expect(clientErrorFor(TIMED_OUT, false, false).code).toBe(ErrorCode.SUBGRAPH_TIMEOUT);
    for (const error of [refused, reset, badGateway, serverError]) {
      const told = clientErrorFor(error, false, false);
      expect(told.code).toBe(ErrorCode.SUBGRAPH_UNAVAILABLE);
      expect(told.message).not.toMatch(LEAKS);
      expect(Object.keys(told.extensions)).toEqual(["code"]);
    }
  });

  it("a mutation that may have arrived: MUTATION_OUTCOME_UNKNOWN, so the client retries with the same key", () => {
    for (const error of [TIMED_OUT, reset, badGateway, new SubgraphHttpError(504, "")]) {
      expect(clientErrorFor(error, true, false).code).toBe(ErrorCode.MUTATION_OUTCOME_UNKNOWN);
    }
  });

  it("a mutation that surely never left: unavailable, not unknown (refused connection, open breaker, a 503)", () => {
    expect(clientErrorFor(refused, true, false).code).toBe(ErrorCode.SUBGRAPH_UNAVAILABLE);
    expect(clientErrorFor(reset, true, true).code).toBe(ErrorCode.SUBGRAPH_UNAVAILABLE);
    expect(mayHaveArrived(new SubgraphHttpError(503, ""))).toBe(false);
    expect(mayHaveArrived(Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }))).toBe(false);
  });

  it("retries connection failures and 502/503/504, never a 500 or a timeout; counts each outcome for metrics", () => {
    expect([refused, reset, badGateway, new SubgraphHttpError(503, "")].map(isRetriable)).toEqual([true, true, true, true]);
    expect([serverError, TIMED_OUT, new SubgraphHttpError(404, "")].map(isRetriable)).toEqual([false, false, false]);
    expect(outcomeOf(TIMED_OUT, false)).toBe("timeout");
    expect(outcomeOf(reset, true)).toBe("breaker_open");
    expect(outcomeOf(reset, false)).toBe("error");
  });
});
