/**
 * Requests per key per fixed window, in this process. Good enough for one gateway instance and cheap on the hot path;
 * a shared limit across instances belongs in Redis.
 */
export class FixedWindowLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  allow(key: string, limit: number, nowMs = Date.now()): boolean {
    if (nowMs - this.windowStart >= this.windowMs) {
      this.windowStart = nowMs;
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count <= limit;
  }
}
