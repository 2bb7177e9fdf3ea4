/**
 * A Map whose entries lapse `ttlMs` after they were last set: the in-memory stores' anonymous carts and interactions,
 * which Redis keeps under key expiry. Entries whose value `expires` says no to (an attached cart) never lapse. A
 * lapsed entry reads as absent; lapsed entries are also swept whenever something is set, oldest first, so memory
 * does not grow with what nobody reads again. One TTL for all, so the order entries were last set in is the order
 * they lapse in, and a sweep stops at the first entry still alive.
 */
export class ExpiringMap<K, V> extends Map<K, V> {
  /** Key → when it lapses, in the order the keys were last set. */
  private readonly deadlines = new Map<K, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly expires: (value: V) => boolean = () => true,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    // Deleted first so that a renewed key moves to the end, behind every deadline set before it.
    this.deadlines.delete(key);
    if (this.expires(value)) {
      this.sweep();
      this.deadlines.set(key, this.now() + this.ttlMs);
    }
    return this;
  }

  override get(key: K): V | undefined {
    return this.lapsed(key) ? undefined : super.get(key);
  }

  override has(key: K): boolean {
    return !this.lapsed(key) && super.has(key);
  }

  override delete(key: K): boolean {
    this.deadlines.delete(key);
    return super.delete(key);
  }

  private lapsed(key: K): boolean {
    const deadline = this.deadlines.get(key);
    if (deadline === undefined || deadline > this.now()) return false;
    this.delete(key);
    return true;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, deadline] of this.deadlines) {
      if (deadline > now) return;
      this.delete(key);
    }
  }
}
