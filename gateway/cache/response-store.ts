/**
 * Where whole answers of public queries are kept (gateway/plugins/response-cache.ts), each tagged with the entities it
 * read, so that an event about an entity evicts every answer that holds it.
 */
export interface ResponseStore {
  /**
   * The stored value (undefined when there is none or it has expired), and how many evictions the store has made
   * so far: an answer worked out after this look-up is stored with that count (see `set`).
   */
  get(key: string): Promise<Lookup>;
  /**
   * Keeps `value` for `ttlMs` under `key`, tagged with `tags` — unless one of the tags was evicted after the store's
   * eviction count was `evictionsSeen`: the answer was worked out before that eviction and may hold what it evicted.
   * Answers whether it was kept.
   */
  set(key: string, value: string, ttlMs: number, tags: readonly string[], evictionsSeen: number): Promise<boolean>;
  /** Deletes every value tagged with one of `tags` and remembers that it did; answers how many values went. */
  evict(tags: readonly string[]): Promise<number>;
}

export interface Lookup {
  value: string | undefined;
  evictions: number;
}

/** How long an eviction is remembered: longer than any query takes to be worked out (REQUEST_DEADLINE_MS). */
export const EVICTION_MEMORY_MS = 60_000;

interface Entry {
  value: string;
  expiresAt: number;
  tags: readonly string[];
}

/**
 * One process's answers, the least recently used dropped past `maxEntries`. Without Redis every gateway instance
 * has its own, and every instance must hear every event (gateway/server.ts subscribes each under its own group).
 */
export class MemoryResponseStore implements ResponseStore {
  /** In least recently used order: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();
  /** Evictions made so far: an ever-growing count, so that no clock is compared. */
  private evictions = 0;
  /** The count each tag was last evicted at, and when; forgotten after EVICTION_MEMORY_MS. */
  private readonly evictedAt = new Map<string, { count: number; at: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<Lookup> {
    const entry = this.entries.get(key);
    if (entry === undefined) return { value: undefined, evictions: this.evictions };
    if (entry.expiresAt <= this.now()) {
      this.remove(key, entry);
      return { value: undefined, evictions: this.evictions };
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { value: entry.value, evictions: this.evictions };
  }

  async set(key: string, value: string, ttlMs: number, tags: readonly string[], evictionsSeen: number): Promise<boolean> {
    for (const tag of tags) {
      const evicted = this.evictedAt.get(tag);
      if (evicted !== undefined && evicted.count > evictionsSeen) return false;
    }
    const previous = this.entries.get(key);
    if (previous !== undefined) this.remove(key, previous);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs, tags });
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (keys === undefined) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    if (this.entries.size > this.maxEntries) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
      this.remove(oldestKey, oldest);
    }
    return true;
  }

  async evict(tags: readonly string[]): Promise<number> {
    const at = this.now();
    const count = ++this.evictions;
    let evicted = 0;
    for (const tag of tags) {
      // Deleted first so that the map stays in eviction order (forgetOldEvictions relies on it).
      this.evictedAt.delete(tag);
      this.evictedAt.set(tag, { count, at });
      const keys = this.byTag.get(tag);
      if (keys === undefined) continue;
      for (const key of keys) {
        const entry = this.entries.get(key);
        if (entry === undefined) continue;
        this.remove(key, entry);
        evicted++;
      }
    }
    this.forgetOldEvictions(at);
    return evicted;
  }

  /** How many answers are kept (tests). */
  get size(): number {
    return this.entries.size;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      if (keys === undefined) continue;
      keys.delete(key);
      if (keys.size === 0) this.byTag.delete(tag);
    }
  }

  /** Evictions are remembered by insertion order, so the old ones are at the front: stop at the first recent one. */
  private forgetOldEvictions(now: number): void {
    for (const [tag, evicted] of this.evictedAt) {
      if (evicted.at > now - EVICTION_MEMORY_MS) return;
      this.evictedAt.delete(tag);
    }
  }
}
