/**
 * A push-to-pull queue that transports read as an async generator. Unlike an `async function*`, whose return()
 * waits until the generator's pending await settles (the next event, maybe minutes away), return() here ends the
 * stream at once: a client that leaves frees its subscription immediately.
 */
export class PushStream<T> implements AsyncGenerator<T, undefined, unknown> {
  private readonly queue: T[] = [];
  private waiting: ((result: IteratorResult<T, undefined>) => void) | null = null;
  private ended = false;
  private readonly onEnd: (() => void)[] = [];

  /** Queues a value for the reader; ignored once ended. */
  push(value: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
    } else this.queue.push(value);
  }

  /** Ends the stream after what is queued; `last` is read before the end. */
  end(last?: T): void {
    if (this.ended) return;
    if (last !== undefined) this.push(last);
    this.ended = true;
    if (this.waiting && this.queue.length === 0) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
    for (const callback of this.onEnd.splice(0)) callback();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Called once when the stream ends, however it ends (the reader left, or `end`). */
  whenEnded(callback: () => void): void {
    if (this.ended) callback();
    else this.onEnd.push(callback);
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    this.queue.length = 0;
    this.end();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T, undefined>> {
    this.queue.length = 0;
    this.end();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
