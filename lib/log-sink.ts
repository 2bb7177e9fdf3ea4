import { openSync, writeSync } from "node:fs";

export interface LogSinkOptions {
  /** Appends to this file, created when missing (LOG_FILE); stdout when omitted. */
  file?: string;
  /** Buffered characters that are written out at once; 64 Ki by default. */
  maxBufferChars?: number;
  /** Longest a line waits in the buffer, in milliseconds; 100 by default. */
  flushIntervalMs?: number;
}

/** How long a write to a full non-blocking pipe is retried before the batch is dropped. */
const EAGAIN_PATIENCE_MS = 1_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Log lines gathered in memory and written in batches: one write system call per 64 Ki characters or per 100 ms
 * instead of one per line, which on a busy gateway is one per request. Batches are written synchronously (files
 * and pipes take a few dozen microseconds for one), so nothing is in flight when the process exits; the buffer is
 * written out on `exit` (process.exit, the end of the event loop, a crash), so no line is lost short of SIGKILL.
 */
export class BufferedLogSink {
  private readonly fd: number;
  private readonly maxBufferChars: number;
  private readonly flushIntervalMs: number;
  private buffer = "";
  private timer: NodeJS.Timeout | null = null;
  private reportedFailure = false;

  constructor(options: LogSinkOptions = {}) {
    // Opened now, synchronously: a LOG_FILE that cannot be written stops the process at start, not at its first line.
    this.fd = options.file ? openSync(options.file, "a") : 1;
    this.maxBufferChars = options.maxBufferChars ?? 65_536;
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
    process.on("exit", this.flush);
  }

  /** Buffers one line; the newline is added here. */
  readonly write = (line: string): void => {
    this.buffer += line + "\n";
    if (this.buffer.length >= this.maxBufferChars) this.flush();
    else if (this.timer === null) {
      this.timer = setTimeout(this.flush, this.flushIntervalMs);
      // A pending flush never keeps the process alive: exit writes out the rest.
      this.timer.unref();
    }
  };

  /** Writes out everything buffered, now. */
  readonly flush = (): void => {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buffer.length === 0) return;
    const data = Buffer.from(this.buffer, "utf8");
    this.buffer = "";
    this.writeAll(data);
  };

  private writeAll(data: Buffer): void {
    let offset = 0;
    let waitedMs = 0;
    while (offset < data.length) {
      try {
        offset += writeSync(this.fd, data, offset);
      } catch (error) {
        // stdout can be a non-blocking pipe whose reader is behind: wait for it a little, as a blocking write would.
        if ((error as NodeJS.ErrnoException).code === "EAGAIN" && waitedMs < EAGAIN_PATIENCE_MS) {
          Atomics.wait(pause, 0, 0, 1);
          waitedMs++;
          continue;
        }
        // Logging never takes the process down (a closed stdout, a full disk): the batch is dropped, said once on stderr.
        if (!this.reportedFailure) {
          this.reportedFailure = true;
          try {
            process.stderr.write(`log lines dropped: ${(error as Error).message}\n`);
          } catch {
            // stderr is gone too: nothing left to tell.
          }
        }
        return;
      }
    }
  }
}
