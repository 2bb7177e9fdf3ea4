import cluster from "node:cluster";
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

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

  private readonly requests = new Counter({
    name: "omnigraph_requests_total",
    help: "GraphQL requests answered, by operation name, client name, channel and outcome (ok, error, rejected).",
    labelNames: ["operation", "client", "channel", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly requestDuration = new Histogram({
    name: "omnigraph_request_duration_seconds",
    help: "Time to answer a GraphQL request, by operation name, client name, channel and outcome.",
    labelNames: ["operation", "client", "channel", "outcome"] as const,
    buckets: REQUEST_BUCKETS,
    registers: [this.registry],
  });
  private readonly fetches = new Counter({
    name: "omnigraph_subgraph_fetches_total",
    help: "Fetches from subgraphs, by subgraph and outcome (ok, error, timeout, breaker_open).",
    labelNames: ["subgraph", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly fetchDuration = new Histogram({
    name: "omnigraph_subgraph_fetch_duration_seconds",
    help: "Time one subgraph fetch took, by subgraph and outcome.",
    labelNames: ["subgraph", "outcome"] as const,
    buckets: FETCH_BUCKETS,
    registers: [this.registry],
  });
  private readonly failures = new Counter({
    name: "omnigraph_subgraph_failures_total",
    help: "Subgraph requests that failed (unreachable or timed out), by subgraph.",
    labelNames: ["subgraph"] as const,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: "omnigraph_subgraph_retries_total",
    help: "Subgraph fetches sent again after a failure, by subgraph.",
    labelNames: ["subgraph"] as const,
    registers: [this.registry],
  });
  private readonly breakers = new Gauge({
    name: "omnigraph_subgraph_breaker_state",
    help: "Each subgraph's circuit breaker: 0 closed, 1 half-open, 2 open. Across workers, the most open.",
    labelNames: ["subgraph"] as const,
    aggregator: "max",
    registers: [this.registry],
  });
  private readonly deduplicated = new Counter({
    name: "omnigraph_subgraph_fetches_deduplicated_total",
    help: "Subgraph fetches not sent because an identical one was in flight, by subgraph.",
    labelNames: ["subgraph"] as const,
    registers: [this.registry],
  });
  private readonly cacheEvents = new Counter({
    name: "omnigraph_response_cache_events_total",
    help: "Response cache events: hit, miss, store, eviction.",
    labelNames: ["event"] as const,
    registers: [this.registry],
  });
  private readonly rateLimits = new Counter({
    name: "omnigraph_rate_limited_total",
    help: "Requests refused with 429 RATE_LIMITED, by what they were counted against (key, person, anonymous, failures).",
    labelNames: ["subject"] as const,
    registers: [this.registry],
  });

  constructor(options: MetricsOptions = {}) {
    // Operation names are GraphQL names; client names are what apollographql-client-name carries in practice.
    this.operations = new BoundedNames(options.maxOperations ?? 100, /^[_A-Za-z][_0-9A-Za-z]{0,99}$/);
    this.clients = new BoundedNames(options.maxClients ?? 20, /^[A-Za-z0-9][A-Za-z0-9._@/-]{0,63}$/);
    // In a cluster worker, the primary asks each worker for these registries and sums them (see gateway/cluster.ts).
    if (cluster.isWorker) answerPrimary([processMetrics(), this.registry]);
    else processMetrics();
  }

  /**
   * One GraphQL request answered. Called on every request: three set lookups, one labels object, and prom-client's
   * increment and observation (about a microsecond together; its label children would hash the labels all the same).
   */
  request(observation: RequestObservation): void {
    const labels = {
      operation: this.operations.label(observation.operation),
      client: this.clients.label(observation.client),
      channel: CHANNELS.has(observation.channel) ? observation.channel : OTHER,
      outcome: observation.outcome,
    };
    this.requests.inc(labels);
    this.requestDuration.observe(labels, observation.durationMs / 1000);
  }

  subgraphFetch(subgraph: string, durationMs: number, outcome: SubgraphFetchOutcome): void {
    const labels = { subgraph: this.subgraphs.label(subgraph), outcome };
    this.fetches.inc(labels);
    this.fetchDuration.observe(labels, durationMs / 1000);
  }

  subgraphRetry(subgraph: string): void {
    this.retries.inc({ subgraph: this.subgraphs.label(subgraph) });
  }

  breakerState(subgraph: string, state: BreakerState): void {
    this.breakers.set({ subgraph: this.subgraphs.label(subgraph) }, BREAKER_VALUES[state]);
  }

  dedupShared(subgraph: string): void {
    this.deduplicated.inc({ subgraph: this.subgraphs.label(subgraph) });
  }

  cache(event: CacheEvent): void {
    this.cacheEvents.inc({ event });
  }

  rateLimited(subject: RateLimitSubject): void {
    this.rateLimits.inc({ subject });
  }

  /** A subgraph request that failed for good (unreachable or timed out). */
  subgraphFailure(subgraph: string): void {
    this.failures.inc({ subgraph: this.subgraphs.label(subgraph) });
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
