import type { EventEmitter } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { Pool } from "undici";
import type { BreakerConfig, RetryConfig } from "../lib/config.js";
import { DEADLINE_HEADER } from "../lib/subgraph-limits.js";
import type { Logger } from "../lib/logger.js";
import type { Metrics } from "./metrics.js";
import type { GatewayContext } from "./context.js";
import { SubgraphBreaker, type BreakerState } from "./resilience/breaker.js";
import { AttemptSignal, expire, TIMED_OUT } from "./resilience/attempt-signal.js";
import { clientErrorFor, isRetriable, outcomeOf } from "./resilience/failures.js";
import { backoffMs, RetryBudget } from "./resilience/retry-budget.js";
import { SharedFetches, type InFlight } from "./resilience/shared-fetches.js";
import { read, SubgraphHttpError, type Reply } from "./subgraph-reply.js";

export interface SubgraphDataSourceOptions {
  /** The subgraph's name, for logs, metrics and /ready only: never shown to clients. */
  name: string;
  url: string;
  /** Longest wait for one fetch of a query, retries included (SUBGRAPH_TIMEOUT_MS); the deadline may cut it short. */
  timeoutMs: number;
  /** The request's deadline (REQUEST_DEADLINE_MS), if any: what a fetch of a query gets at most, with `timeoutMs`. */
  requestDeadlineMs?: number;
  /** Longest wait for one fetch of a mutation (MUTATION_TIMEOUT_MS); no deadline cuts it. Default `timeoutMs`. */
  mutationTimeoutMs?: number;
  /** Retries of queries; none when omitted. */
  retries?: RetryConfig;
  /** The circuit breaker; none when omitted or false. */
  breaker?: BreakerConfig | false;
  /** Share identical fetches of queries in flight at once (SUBGRAPH_DEDUP). */
  dedup?: boolean;
  /** Keep-alive connections kept open to this subgraph. */
  connections: number;
  logger: Logger;
  metrics?: Metrics;
}

// GraphQLDataSourceRequestKind.INCOMING_OPERATION; the enum itself is not exported from the package root.
const INCOMING_OPERATION = "incoming operation";

/** A retry needs at least this long before the fetch's time is up to be worth sending. */
const MIN_ATTEMPT_MS = 10;

/**
 * How the gateway talks to one subgraph. It implements GraphQLDataSource directly, rather than extending
 * RemoteGraphQLDataSource, because the fetch path that class hard-codes (node-fetch Request objects, a Headers
 * copy per call) is where the time goes: undici.request over a keep-alive pool measured 1.5–3.4× the throughput.
 *
 * Staying up when the subgraph does not: every fetch has a time (the rest of the request's deadline, at most the
 * subgraph timeout; a mutation's own longer one), queries are retried on connection failures and 502/503/504 within a
 * budget, a circuit breaker stops calling a subgraph that keeps failing, and identical queries in flight for the same
 * viewer are sent once. Failures become coded errors with no URL, service name or stack; the original goes to the log.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  readonly name: string;
  private readonly pool: Pool;
  private readonly path: string;
  private readonly mutationTimeoutMs: number;
  /** The time a query's fetch gets when its request has just begun: the subgraph timeout, or the deadline if shorter. */
  private readonly fairMs: number;
  private readonly maxRetries: number;
  private readonly budget: RetryBudget | null;
  private readonly breaker: SubgraphBreaker<Reply> | null;
  /** Fetches of queries in flight, shared by identical ones for the same viewer. */
  private readonly inFlight: SharedFetches<Reply> | null;

  constructor(private readonly options: SubgraphDataSourceOptions) {
    this.name = options.name;
    const url = new URL(options.url);
    this.path = url.pathname + url.search;
    this.mutationTimeoutMs = options.mutationTimeoutMs ?? options.timeoutMs;
    this.fairMs = Math.min(options.timeoutMs, options.requestDeadlineMs ?? Infinity);
    // Each fetch is aborted at its own time; the pool's timeouts only catch what that misses.
    const longest = Math.max(options.timeoutMs, this.mutationTimeoutMs) + 1_000;
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: longest,
      bodyTimeout: longest,
    });
    const retries = options.retries;
    this.maxRetries = retries ? retries.maxAttempts : 0;
    this.budget = retries && retries.maxAttempts > 0 ? new RetryBudget(retries.budgetPercent, retries.minPerSecond) : null;
    this.breaker = options.breaker ? new SubgraphBreaker(options.breaker, sendThrough, (state) => this.breakerChanged(state)) : null;
    this.inFlight = options.dedup ? new SharedFetches() : null;
    // Every subgraph's gauge from the start, so a dashboard shows a closed breaker rather than no data.
    if (this.breaker) options.metrics?.breakerState(this.name, "closed");
  }

  /** True while the breaker keeps fetches from this subgraph (open or trying one fetch): /ready lists it. */
  get degraded(): boolean {
    return this.breaker !== null && this.breaker.state !== "closed";
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    let context: GatewayContext | null = null;
    // Only a query is retried or shared; anything else, or an operation we cannot tell, is sent exactly once.
    let isQuery = false;
    // A fetch that is itself a mutation (not an entity fetch of a mutation's answer): the one that makes the change.
    let changes = false;
    if ((options.kind as string) === INCOMING_OPERATION) {
      context = options.context as GatewayContext;
      Object.assign(headers, context.forwardHeaders);
      isQuery =
        (options as { incomingRequestContext?: { operation?: { operation?: string } } }).incomingRequestContext?.operation?.operation ===
        "query";
      changes = !isQuery && request.query !== undefined && /^\s*mutation\b/.test(request.query);
    }
    const body = JSON.stringify({
      query: request.query,
      variables: request.variables,
      operationName: request.operationName,
    });
    const startedAt = Date.now();
    // A mutation is not held to the query deadline: cut off mid-checkout, a client cannot tell whether it ordered.
    const endsBy = isQuery
      ? Math.min(startedAt + this.options.timeoutMs, context ? context.deadline : Infinity)
      : startedAt + this.mutationTimeoutMs;

    if (isQuery && this.inFlight !== null && context !== null && request.query !== undefined) {
      const query = request.query;
      const shared = this.inFlight.find(query, body, context.viewerKey, endsBy);
      if (shared !== undefined) {
        this.options.metrics?.dedupShared(this.name);
        try {
          return read(await shared.reply, options, this.name);
        } catch (error) {
          return this.fail(error, context);
        }
      }
      const entry: InFlight<Reply> = {
        reply: this.fetch(headers, body, endsBy, true, startedAt),
        endsBy,
        body,
        viewerKey: context.viewerKey,
      };
      this.inFlight.add(query, entry);
      try {
        return read(await entry.reply, options, this.name);
      } catch (error) {
        return this.fail(error, context);
      } finally {
        this.inFlight.settled(query, entry);
      }
    }
    try {
      return read(await this.fetch(headers, body, endsBy, isQuery, startedAt), options, this.name);
    } catch (error) {
      return this.fail(error, context, changes);
    }
  }

  /** One fetch, its retries included, measured once. */
  private async fetch(
    headers: Record<string, string>,
    body: string,
    endsBy: number,
    retriable: boolean,
    startedAt: number,
  ): Promise<Reply> {
    try {
      // A query that started so late in its request that the deadline left it under half its usual time: if that runs
      // out, the subgraph was not given a fair chance, and the breaker must not hold the timeout against it.
      const cutShort = retriable && endsBy - startedAt < this.fairMs / 2;
      const reply =
        retriable && this.budget !== null
          ? await this.withRetries(headers, body, endsBy, cutShort)
          : await this.attempt(headers, body, endsBy, cutShort);
      this.options.metrics?.subgraphFetch(this.name, Date.now() - startedAt, "ok");
      return reply;
    } catch (error) {
      const metrics = this.options.metrics;
      if (metrics) {
        metrics.subgraphFetch(this.name, Date.now() - startedAt, outcomeOf(error, this.breaker?.isOpenError(error) ?? false));
        metrics.subgraphFailure(this.name);
      }
      throw error;
    }
  }

  private async withRetries(headers: Record<string, string>, body: string, endsBy: number, cutShort: boolean): Promise<Reply> {
    const budget = this.budget!;
    budget.deposit(Date.now());
    for (let retry = 1; ; retry++) {
      try {
        return await this.attempt(headers, body, endsBy, cutShort);
      } catch (error) {
        if (retry > this.maxRetries || !isRetriable(error)) throw error;
        const wait = backoffMs(retry);
        const now = Date.now();
        if (now + wait + MIN_ATTEMPT_MS > endsBy || !budget.withdraw(now)) throw error;
        this.options.metrics?.subgraphRetry(this.name);
        await sleep(wait);
      }
    }
  }

  /** One attempt, through the breaker when there is one; past `endsBy` it is aborted. */
  private attempt(headers: Record<string, string>, body: string, endsBy: number, cutShort: boolean): Promise<Reply> {
    const timeLeft = endsBy - Date.now();
    if (timeLeft < 1) return Promise.reject(TIMED_OUT);
    // The subgraph stops work the gateway will not wait for (lib/subgraph-limits.ts); a mutation's time is longer.
    headers[DEADLINE_HEADER] = String(timeLeft);
    // An attempt cut short by its request's deadline says little of the subgraph's health either way: while the breaker
    // is closed it goes around it, counted neither for nor against; an open breaker still stops it.
    if (this.breaker === null || (cutShort && this.breaker.state === "closed")) return this.send(headers, body, timeLeft);
    return this.breaker.fire(this, headers, body, timeLeft);
  }

  /** The HTTP request itself. An answer of 500 or above is a failure; anything below is read by `read`. */
  async send(headers: Record<string, string>, body: string, timeLeft: number): Promise<Reply> {
    const signal = new AttemptSignal();
    const timer = setTimeout(expire, timeLeft, signal);
    try {
      const response = await this.pool.request({
        path: this.path,
        method: "POST",
        headers,
        body,
        signal: signal as unknown as EventEmitter,
      });
      const text = await response.body.text();
      if (response.statusCode >= 500) throw new SubgraphHttpError(response.statusCode, text.slice(0, 500));
      const cacheControl = response.headers["cache-control"] as string | undefined;
      return { status: response.statusCode, type: String(response.headers["content-type"] ?? ""), text, cacheControl };
    } finally {
      clearTimeout(timer);
    }
  }

  private breakerChanged(state: BreakerState): void {
    this.options.metrics?.breakerState(this.name, state);
    if (state === "open")
      this.options.logger.warn("subgraph breaker opened: fetches fail at once until it recovers", { subgraph: this.name });
    else if (state === "closed") this.options.logger.info("subgraph breaker closed: the subgraph answers again", { subgraph: this.name });
  }

  private fail(error: unknown, context: GatewayContext | null, changes = false): never {
    const open = this.breaker?.isOpenError(error) ?? false;
    // While the breaker is open every fetch fails here: its opening was logged once, not each of these.
    if (!open)
      (context?.logger ?? this.options.logger).error("subgraph request failed", {
        subgraph: this.name,
        error,
        mutation: changes || undefined,
      });
    throw clientErrorFor(error, changes, open);
  }

  /** Unused by new plans (a reloaded supergraph moved the subgraph): fetches in flight finish, then it closes. */
  async retire(): Promise<void> {
    await this.pool.close();
    this.breaker?.shutdown();
  }

  /**
   * Called once the server has stopped taking requests and those still running were finished or cut: a fetch still
   * in flight has nobody waiting for it, so it is dropped rather than waited for.
   */
  async close(): Promise<void> {
    this.breaker?.shutdown();
    await this.pool.destroy();
  }
}

/** The breaker's action: a plain function, so the breaker holds no closure per data source call. */
function sendThrough(source: SubgraphDataSource, headers: Record<string, string>, body: string, timeLeft: number): Promise<Reply> {
  return source.send(headers, body, timeLeft);
}
