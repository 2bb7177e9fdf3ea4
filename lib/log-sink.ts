import { openSync } from "node:fs";
import { pino, type DestinationStream } from "pino";

export interface LogSinkOptions {
  /** Appends to this file, created when missing (LOG_FILE); stdout when omitted. */
  file?: string;
  /** Characters gathered before a write is started; 4096 by default. */
  minChars?: number;
  /** Longest a line waits to be written, in milliseconds; 100 by default. */
  flushIntervalMs?: number;
}

/** Where a process's log lines go, written in the background; flushSync() writes out what is gathered, now. */
export interface LogDestination extends DestinationStream {
  flushSync(): void;
}

/**
 * Log lines written asynchronously and in batches (pino's sonic-boom destination): a line is appended to a buffer,
 * and one write is started per few kilobytes or per 100 ms, off the request path, instead of one system call per
 * line, which on a busy gateway is one per request. pino writes out whatever is left synchronously when the process
 * exits (process.exit, the end of the event loop, a crash), so no line is lost short of SIGKILL.
 */
export function openLogDestination(options: LogSinkOptions = {}): LogDestination {
  // Opened now, synchronously: a LOG_FILE that cannot be written stops the process at start, not at its first line.
  const fd = options.file ? openSync(options.file, "a") : 1;
  const destination = pino.destination({
    dest: fd,
    sync: false,
    minLength: options.minChars ?? 4_096,
    // Lines below the batch size still go out within this; the timer never keeps the process alive.
    periodicFlush: options.flushIntervalMs ?? 100,
  });
  // Logging never takes the process down (a full disk, a closed stdout): the first failure is said on stderr.
  let reported = false;
  destination.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    try {
      process.stderr.write(`log lines dropped: ${error.message}\n`);
    } catch {
      // stderr is gone too: nothing left to tell.
    }
  });
  return destination;
}
