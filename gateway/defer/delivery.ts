import type { GraphQLFormattedError } from "graphql";

/** One deferred fragment's data at one place in the answer (deferSpec=20220824). */
export interface IncrementalPart {
  data: Record<string, unknown> | null;
  path: (string | number)[];
  label?: string;
  errors?: GraphQLFormattedError[];
}

/** A part after the first: `{ incremental, hasNext }`. */
export interface SubsequentPayload {
  incremental?: IncrementalPart[];
  hasNext: boolean;
}

/**
 * The parts still to come for one request, as they are ready. Each deferred fragment counts from when it starts until
 * its part is queued; a fragment's nested ones start before it is counted done, so `hasNext` is false exactly once,
 * on the last payload. `cancel` (the client left, or the stream ended early) stops what has not begun.
 */
export class DeferredDelivery {
  private readonly queue: SubsequentPayload[] = [];
  private wake: (() => void) | null = null;
  private pending = 0;
  private finished = false;
  private cancelled = false;
  private readonly onCancel: (() => void)[] = [];
  /** What was sent, for the request's log line: payloads, error codes, and how the stream ended. */
  readonly summary = { payloads: 0, errors: [] as unknown[], outcome: "complete" as "complete" | "deadline" | "client-gone" };

  /** True once the client is gone or the stream ended: work not yet begun should not begin. */
  get stopped(): boolean {
    return this.cancelled || this.finished;
  }

  /** A part has begun. */
  begin(): void {
    this.pending++;
  }

  /** A part is done: its pieces go out, with hasNext false when it was the last. An empty part is sent only when last. */
  done(parts: IncrementalPart[]): void {
    if (this.finished) return;
    this.pending--;
    const hasNext = this.pending > 0;
    if (parts.length === 0 && hasNext) return;
    this.enqueue(parts.length > 0 ? { incremental: parts, hasNext } : { hasNext });
  }

  /** Ends the stream now with these pieces (the deadline passed): nothing after them is sent. */
  end(parts: IncrementalPart[]): void {
    if (this.finished) return;
    this.summary.outcome = "deadline";
    this.enqueue(parts.length > 0 ? { incremental: parts, hasNext: false } : { hasNext: false });
  }

  /** Stops the work still to do; the stream ends where it is. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    if (!this.finished) this.summary.outcome = "client-gone";
    for (const listener of this.onCancel.splice(0)) listener();
    this.wake?.();
  }

  /** Called once when the stream is cancelled or has ended. */
  onStop(listener: () => void): void {
    if (this.stopped) listener();
    else this.onCancel.push(listener);
  }

  private enqueue(payload: SubsequentPayload): void {
    this.queue.push(payload);
    this.summary.payloads++;
    for (const part of payload.incremental ?? []) for (const error of part.errors ?? []) this.summary.errors.push(error.extensions?.code);
    if (!payload.hasNext) {
      this.finished = true;
      for (const listener of this.onCancel.splice(0)) listener();
    }
    this.wake?.();
  }

  /** The payloads, in the order they were ready, until the one with hasNext false (or cancel). */
  async *payloads(): AsyncGenerator<SubsequentPayload> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        if (!next.hasNext) return;
        continue;
      }
      if (this.cancelled) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
