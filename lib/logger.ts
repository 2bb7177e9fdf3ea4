import { BufferedLogSink } from "./log-sink.js";

/** Structured JSON logs, one object a line. Apollo's Logger interface (debug/info/warn/error) is a subset. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `bindings` to every line (service name, request id). */
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  /**
   * Where lines go, one synchronous call per line, without the newline. Tests pass an array sink to read what was
   * logged. When omitted, lines go through a BufferedLogSink to `file` or stdout.
   */
  write?: (line: string) => void;
  /** Appends lines to this file instead of stdout (LOG_FILE); unused when `write` is given. */
  file?: string;
}

/** The logger a process starts with: its lines, and its children's, can be written out at once with flush(). */
export interface RootLogger extends Logger {
  /** Writes out buffered lines now; they also go every 100 ms, every 64 Ki characters and when the process exits. */
  flush(): void;
}

export function createLogger(options: LoggerOptions, bindings: Record<string, unknown> = {}): RootLogger {
  let write = options.write;
  let flush = () => {};
  if (!write && options.level !== "silent") {
    const sink = new BufferedLogSink({ file: options.file });
    write = sink.write;
    flush = sink.flush;
  }
  return { ...build(rank[options.level], write ?? (() => {}), bindings), flush };
}

/** Loggers share one threshold and one sink: a child costs its bindings, not a new destination. */
function build(threshold: number, write: (line: string) => void, bindings: Record<string, unknown>): Logger {
  const log = (level: Exclude<LogLevel, "silent">) => (message: string, fields?: Record<string, unknown>) => {
    if (rank[level] < threshold) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, ...bindings, msg: message, ...serialize(fields) }));
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (more) => build(threshold, write, { ...bindings, ...more }),
  };
}

/** Errors as name, message and stack (JSON.stringify would write `{}`); other fields as they are, without a copy. */
function serialize(fields?: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  let out: Record<string, unknown> | undefined;
  for (const key in fields) {
    const value = fields[key];
    if (value instanceof Error) (out ??= { ...fields })[key] = { name: value.name, message: value.message, stack: value.stack };
  }
  return out ?? fields;
}
