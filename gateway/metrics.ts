import cluster from "node:cluster";
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { FastCounter, FastHistogram, type CounterSeries, type HistogramSeries } from "./metric-series.js";

/**
 * The gateway's Prometheus metrics, on prom-client, rendered in the text exposition format at GET /metrics. Every
 * label value is bounded: operation, client and subgraph names are admitted by a pattern and up to a cap per process
 * (the rest count as "(other)"), channels and outcomes are enums, so a client inventing names cannot grow memory.
 */

/** How a GraphQL request ended: answered without errors, answered with errors, or refused before it ran (4xx). */
export type RequestOutcome = "ok" | "error" | "rejected";
/** How one fetch from a subgraph ended. */
export type SubgraphFetchOutcome = "ok" | "error" | "timeout" | "breaker_open";
export type BreakerState = "closed" | "open" | "half_open";
export type CacheEvent = "hit" | "miss" | "store" | "eviction";
export type RateLimitSubject = "key" | "person" | "anonymous" | "failures";

export interface RequestObservation {
  /** The operation's name as the client gave it; null for an anonymous operation. */
  operation: string | null | undefined;
  /** apollographql-client-name, or null. */
  client: string | null | undefined;
  channel: string;
  outcome: RequestOutcome;
  durationMs: number;
}

/** Label values that stand for many: names past the cap or not shaped like names, and no name at all. */
export const OTHER = "(other)";
export const NONE = "(none)";

/** Latency buckets, in seconds: from a cached answer to the longest deadline. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const FETCH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BREAKER_VALUES: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };
const CHANNELS = new Set(["WEB", "MOBILE_APP", "KIOSK", "CALL_CENTER", "STORE", "PARTNER"]);

/** Names admitted as label values: the first `cap` distinct ones matching `pattern`; later ones are OTHER. */
class BoundedNames {
  private readonly admitted = new Set<string>();

  constructor(
    private readonly cap: number,
    private readonly pattern: RegExp,
  ) {}

  label(name: string | null | undefined): string {
    if (!name) return NONE;
    if (this.admitted.has(name)) return name;
    if (this.admitted.size >= this.cap || !this.pattern.test(name)) return OTHER;
    this.admitted.add(name);
    return name;
  }
}

/**
 * Node's own process metrics (CPU, memory, event-loop lag, GC, handles), collected once per process however many
 * gateways a process starts (the tests start dozens), and read only when /metrics is scraped.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Makes this worker answer the primary's requests for its metrics with `registries`. prom-client starts listening
 * for those requests when an AggregatorRegistry is made, in the primary and the workers alike.
 */
let answering = false;
function answerPrimary(registries: Registry[]): void {
  if (!answering) {
    new AggregatorRegistry();
    answering = true;
  }
  AggregatorRegistry.setRegistries(registries);
}

export interface MetricsOptions {
  /** Distinct operation names kept as label values per process; default 100. */
  maxOperations?: number;
  /** Distinct client names kept as label values per process; default 20. */
  maxClients?: number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly operations: BoundedNames;
  private readonly clients: BoundedNames;
  private readonly subgraphs = new BoundedNames(50, /^[A-Za-z0-9_-]{1,64}$/);

  // Written on every request or fetch: series kept by the caller, an addition each (gateway/metric-series.ts).
  private readonly requests = new FastCounter(
    "omnigraph_requests_total",
    "GraphQL requests answered, by operation name, client name, channel and outcome (ok, error, rejected).",
    this.registry,
  );
  private readonly requestDuration = new FastHistogram(
    "omnigraph_request_duration_seconds",
    "Time to answer a GraphQL request, by operation name, client name, channel and outcome.",
    REQUEST_BUCKETS,
    this.registry,
  );
  private readonly requestSeries = new Map<string, { count: CounterSeries; duration: HistogramSeries }>();
  private readonly fetches = new FastCounter(
    "omnigraph_subgraph_fetches_total",
    "Fetches from subgraphs, by subgraph and outcome (ok, error, timeout, breaker_open).",
    this.registry,
  );
  private readonly fetchDuration = new FastHistogram(
    "omnigraph_subgraph_fetch_duration_seconds",
    "Time one subgraph fetch took, by subgraph and outcome.",
    FETCH_BUCKETS,
    this.registry,
  );
  private readonly fetchSeries = new Map<string, { count: CounterSeries; duration: HistogramSeries }>();
  private readonly failures = new FastCounter(
    "omnigraph_subgraph_failures_total",
    "Subgraph requests that failed for good (unreachable or timed out, after any retry), by subgraph.",
    this.registry,
  );
  private readonly retries = new FastCounter(
    "omnigraph_subgraph_retries_total",
    "Subgraph fetches sent again after a failure, by subgraph.",
    this.registry,
  );
  private readonly deduplicated = new FastCounter(
    "omnigraph_subgraph_fetches_deduplicated_total",
    "Subgraph fetches not sent because an identical one was in flight, by subgraph.",
    this.registry,
  );
  private readonly cacheEvents = new FastCounter(
    "omnigraph_response_cache_events_total",
    "Response cache events: hit, miss, store, eviction.",
    this.registry,
  );
  private readonly breakers = new Gauge({
    name: "omnigraph_subgraph_breaker_state",
    help: "Each subgraph's circuit breaker: 0 closed, 1 half-open, 2 open. Across workers, the most open.",
    labelNames: ["subgraph"] as const,
    aggregator: "max",
    registers: [this.registry],
  });
  private readonly rateLimits = new Counter({
    name: "omnigraph_rate_limited_total",
    help: "Requests refused with 429 RATE_LIMITED, by what they were counted against (key, person, anonymous, failures).",
    labelNames: ["subject"] as const,
    registers: [this.registry],
  });

  /** What `omnigraph_subscriptions_active` reads when scraped; none until subscriptions are served. */
  private activeSubscriptions: () => number = () => 0;
  private readonly subscriptionsGauge: Gauge = new Gauge({
    name: "omnigraph_subscriptions_active",
    help: "Subscriptions open now, over SSE and WebSocket. Across workers, the sum.",
    aggregator: "sum",
    registers: [this.registry],
    collect: (): void => this.subscriptionsGauge.set(this.activeSubscriptions()),
  });

  constructor(options: MetricsOptions = {}) {
    // Operation names are GraphQL names; client names are what apollographql-client-name carries in practice.
    this.operations = new BoundedNames(options.maxOperations ?? 100, /^[_A-Za-z][_0-9A-Za-z]{0,99}$/);
    this.clients = new BoundedNames(options.maxClients ?? 20, /^[A-Za-z0-9][A-Za-z0-9._@/-]{0,63}$/);
    // In a cluster worker, the primary asks each worker for these registries and sums them (see gateway/cluster.ts).
    if (cluster.isWorker) answerPrimary([processMetrics(), this.registry]);
    else processMetrics();
  }

  /** One GraphQL request answered. Called on every request: three set lookups, a map lookup and two additions. */
  request(observation: RequestObservation): void {
    const operation = this.operations.label(observation.operation);
    const client = this.clients.label(observation.client);
    const channel = CHANNELS.has(observation.channel) ? observation.channel : OTHER;
    // Label values cannot hold a newline (names and enums), so it separates them.
    const key = `${operation}\n${client}\n${channel}\n${observation.outcome}`;
    let series = this.requestSeries.get(key);
    if (!series) {
      const labels = { operation, client, channel, outcome: observation.outcome };
      series = { count: this.requests.series(key, labels), duration: this.requestDuration.series(key, labels) };
      this.requestSeries.set(key, series);
    }
    series.count.value++;
    this.requestDuration.observe(series.duration, observation.durationMs / 1000);
  }

  subgraphFetch(subgraph: string, durationMs: number, outcome: SubgraphFetchOutcome): void {
    const key = `${subgraph}\n${outcome}`;
    let series = this.fetchSeries.get(key);
    if (!series) {
      const labels = { subgraph: this.subgraphs.label(subgraph), outcome };
      const labelKey = `${labels.subgraph}\n${outcome}`;
      series = { count: this.fetches.series(labelKey, labels), duration: this.fetchDuration.series(labelKey, labels) };
      // Names past the cap share one series; the map stays bounded by what is admitted plus those few keys.
      if (this.fetchSeries.size < 1_000) this.fetchSeries.set(key, series);
    }
    series.count.value++;
    this.fetchDuration.observe(series.duration, durationMs / 1000);
  }

  subgraphRetry(subgraph: string): void {
    this.bySubgraph(this.retries, subgraph).value++;
  }

  /** Where the count of open subscriptions comes from (read at each scrape, so counting costs nothing per event). */
  countSubscriptions(active: () => number): void {
    this.activeSubscriptions = active;
  }

  breakerState(subgraph: string, state: BreakerState): void {
    this.breakers.set({ subgraph: this.subgraphs.label(subgraph) }, BREAKER_VALUES[state]);
  }

  dedupShared(subgraph: string): void {
    this.bySubgraph(this.deduplicated, subgraph).value++;
  }

  cache(event: CacheEvent): void {
    this.cacheEvents.series(event, { event }).value++;
  }

  rateLimited(subject: RateLimitSubject): void {
    this.rateLimits.inc({ subject });
  }

  /** A subgraph request that failed for good (unreachable or timed out). */
  subgraphFailure(subgraph: string): void {
    this.bySubgraph(this.failures, subgraph).value++;
  }

  private bySubgraph(counter: FastCounter, subgraph: string): CounterSeries {
    const label = this.subgraphs.label(subgraph);
    return counter.series(label, { subgraph: label });
  }

  /**
   * The counters the hand-written registry had, by name, for callers written against it: only
   * omnigraph_subgraph_failures_total remains. Prefer the named methods.
   */
  inc(name: string, labels: Record<string, string>): void {
    if (name !== "omnigraph_subgraph_failures_total") throw new Error(`unknown metric ${name}`);
    this.subgraphFailure(labels.subgraph);
  }

  /** This process's metrics and Node's, in the text exposition format. */
  async render(): Promise<string> {
    return (await processMetrics().metrics()) + (await this.registry.metrics());
  }

  /** The Content-Type of render()'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
