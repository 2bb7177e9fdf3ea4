/**
 * Tokens already verified, with what they proved, kept until they expire: a client sends the same bearer token on
 * every request of a session, so only its first request pays for the signature check. Bounded in entries (least
 * recently used goes first) and in the length of a token it keeps, so memory stays flat whatever clients send.
 */
export class VerifiedTokens<T> {
  private readonly entries = new Map<string, { value: T; exp: number }>();

  /**
   * @param maxEntries how many tokens are kept; 0 keeps none.
   * @param maxTokenLength longer tokens are verified every time rather than kept (real ones are a few hundred bytes).
   */
  constructor(
    readonly maxEntries: number,
    readonly maxTokenLength = 2_048,
  ) {}

  /**
   * What `token` proved, `"expired"` once `nowSeconds` has reached its exp (and it is forgotten), or undefined when
   * it is not here.
   */
  get(token: string, nowSeconds: number): T | "expired" | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    // The same test the verifier applies: a token is expired from its exp second on.
    if (entry.exp <= nowSeconds) return "expired";
    // Re-inserted to mark it recently used: Map keeps insertion order, so the first key is the least recent.
    this.entries.set(token, entry);
    return entry.value;
  }

  /** Keeps `value` for `token` until its `exp` (seconds since the epoch). */
  set(token: string, value: T, exp: number): void {
    if (this.maxEntries === 0 || token.length > this.maxTokenLength) return;
    this.entries.delete(token);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { value, exp });
  }

  /** How many tokens are kept now. */
  get size(): number {
    return this.entries.size;
  }
}
