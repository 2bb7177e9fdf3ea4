import CircuitBreaker from "opossum";
import type { BreakerConfig } from "../../lib/config.js";

export type BreakerState = "closed" | "open" | "half_open";

/** Rolling-window buckets: the window slides a tenth at a time. */
const BUCKETS = 10;

/**
 * One subgraph's circuit breaker: opossum's, with only what the gateway needs of it. Each attempt at the subgraph goes
 * through `fire`; one that rejects (connection failure, timeout, HTTP 5xx) counts against the subgraph, one that
 * resolves (an answer, GraphQL errors included) for it. Once the window holds `volumeThreshold` attempts and more
 * than `errorPercent` of them failed, it opens: attempts reject at once without reaching the subgraph. After `resetMs` it
 * is half open and lets one attempt through; that attempt's success closes it, its failure opens it again.
 *
 * The gateway times its fetches itself (the request's deadline), so opossum's own timeout is off; so are the
 * latency percentiles it would otherwise record for every call.
 */
export class SubgraphBreaker<T> {
  private readonly breaker: CircuitBreaker<unknown[], T>;

  constructor(options: BreakerConfig, action: (...args: any[]) => Promise<T>, onChange: (state: BreakerState) => void) {
    this.breaker = new CircuitBreaker(action, {
      timeout: false,
      errorThresholdPercentage: options.errorPercent,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.windowMs,
      rollingCountBuckets: BUCKETS,
      resetTimeout: options.resetMs,
      rollingPercentilesEnabled: false,
      // Nobody reads its snapshots; each would add up the window every bucket.
      enableSnapshots: false,
    });
    this.breaker.on("open", () => onChange("open"));
    this.breaker.on("halfOpen", () => onChange("half_open"));
    this.breaker.on("close", () => onChange("closed"));
  }

  fire(...args: unknown[]): Promise<T> {
    return this.breaker.fire(...args);
  }

  get state(): BreakerState {
    if (this.breaker.opened) return "open";
    return this.breaker.halfOpen ? "half_open" : "closed";
  }

  /** True for the rejection of an attempt the breaker did not let through. */
  isOpenError(error: unknown): boolean {
    return (error as { code?: unknown } | null)?.code === "EOPENBREAKER";
  }

  /** Stops its timers (the rolling window, the reset). */
  shutdown(): void {
    this.breaker.shutdown();
  }
}
