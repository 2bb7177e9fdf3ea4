/** The abort reason of a fetch past its time: one shared object, since a timeout should cost no allocation. */
export class FetchTimedOut extends Error {
  constructor() {
    super("subgraph fetch ran out of time");
  }
}
export const TIMED_OUT = new FetchTimedOut();

/**
 * Aborts one attempt when its time is up. undici takes an EventEmitter-like signal as well as an AbortSignal, and
 * this is the cheaper by far: adding and removing an AbortSignal's listener measured about 10 µs per fetch, this and
 * its timer under 1 µs (bench/breaker-overhead.ts).
 */
export class AttemptSignal {
  aborted = false;
  reason: unknown = undefined;
  private listener: (() => void) | null = null;

  once(_event: "abort", listener: () => void): this {
    this.listener = listener;
    return this;
  }

  on(event: "abort", listener: () => void): this {
    return this.once(event, listener);
  }

  removeListener(): this {
    this.listener = null;
    return this;
  }

  expire(): void {
    this.aborted = true;
    this.reason = TIMED_OUT;
    const listener = this.listener;
    this.listener = null;
    listener?.();
  }
}

export function expire(signal: AttemptSignal): void {
  signal.expire();
}
