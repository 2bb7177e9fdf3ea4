/** Seconds a fetch or a retry is remembered for: the budget is a share of the last this-many seconds' fetches. */
const WINDOW_SECONDS = 10;

/**
 * How many retries one subgraph may be sent: `percent` of its fetches over the last ten seconds, plus `minPerSecond`
 * whatever the traffic, so a quiet gateway can still retry. When a subgraph is failing, every fetch wants a retry:
 * without a budget each would send it 1 + RETRY_MAX_ATTEMPTS times its load just as it is least able to take it.
 *
 * Counted in hundredths of a retry per one-second slot (fetches add `percent`, retries take 100), so a fetch costs an
 * integer addition and the window slides one second at a time; only a retry adds the slots up.
 */
export class RetryBudget {
  private readonly slots = new Int32Array(WINDOW_SECONDS);
  /** The second the newest slot counts. */
  private second = 0;
  private readonly reserve: number;

  constructor(
    private readonly percent: number,
    minPerSecond: number,
  ) {
    this.reserve = minPerSecond * WINDOW_SECONDS * 100;
  }

  /** A fetch was made: it earns the budget `percent` hundredths of a retry. */
  deposit(nowMs: number): void {
    this.slots[this.slot(nowMs)] += this.percent;
  }

  /** True, and spends one retry, when the budget has one left. */
  withdraw(nowMs: number): boolean {
    const current = this.slot(nowMs);
    let balance = this.reserve;
    for (let i = 0; i < WINDOW_SECONDS; i++) balance += this.slots[i];
    if (balance < 100) return false;
    this.slots[current] -= 100;
    return true;
  }

  /** The slot of `nowMs`'s second, after clearing the slots of seconds that have left the window. */
  private slot(nowMs: number): number {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.second) {
      const gone = Math.min(second - this.second, WINDOW_SECONDS);
      for (let i = 1; i <= gone; i++) this.slots[(this.second + i) % WINDOW_SECONDS] = 0;
      this.second = second;
    }
    return second % WINDOW_SECONDS;
  }
}

/** The shortest and longest backoff before a retry: long enough for a restarted pod's port to open, short for a client. */
const BACKOFF_BASE_MS = 25;
const BACKOFF_CAP_MS = 100;

/**
 * The wait before retry `retry` (1, 2 …): "full jitter", a uniform draw up to an exponentially growing ceiling, so
 * gateways that failed together do not retry together.
 */
export function backoffMs(retry: number): number {
  return Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
}
