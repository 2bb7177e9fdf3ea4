import { pino, type DestinationStream, type Logger as Pino } from "pino";
import { openLogDestination, type LogDestination } from "./log-sink.js";

/** Structured JSON logs, one object a line, written by pino. Apollo's Logger interface (debug/info/warn/error) is a subset. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `bindings` to every line (service name, request id). */
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that says nothing: for parts created without one (tests), whose background failures are retried anyway. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };

export interface LoggerOptions {
  level: LogLevel;
  /**
   * Where lines go, one synchronous call per line, without the newline. Tests pass an array sink to read what was
   * logged. When omitted, lines go to `file` or stdout, written in batches (lib/log-sink.ts).
   */
  write?: (line: string) => void;
  /** Appends lines to this file instead of stdout (LOG_FILE); unused when `write` is given. */
  file?: string;
}

/** The logger a process starts with: its lines, and its children's, can be written out at once with flush(). */
export interface RootLogger extends Logger {
  /** Writes out buffered lines now; they also go every 100 ms, every few kilobytes and when the process exits. */
  flush(): void;
}

/**
 * Credentials and personal data never reach a log line: tokens, keys, cookies and contact details, as fields of a
 * line, under `headers`, and a customer's. Paths are exact: pino compiles them once and a line costs a few property
 * checks, where a wildcard (`*.email`) walks every field of every line and made a line about eight times dearer.
 */
const SECRET_KEYS = ["authorization", "x-api-key", "cookie", "set-cookie", "token", "password", "paymentToken", "email", "phone"];
export const REDACTED_PATHS = [
  ...SECRET_KEYS.map((key) => `["${key}"]`),
  ...SECRET_KEYS.map((key) => `headers["${key}"]`),
  "customer.email",
  "customer.phone",
];

export function createLogger(options: LoggerOptions, bindings: Record<string, unknown> = {}): RootLogger {
  let destination: DestinationStream | LogDestination;
  let flush = () => {};
  if (options.write) {
    const write = options.write;
    destination = { write: (line: string) => write(line.endsWith("\n") ? line.slice(0, -1) : line) };
  } else if (options.level === "silent") {
    destination = { write: () => {} };
  } else {
    const sink = openLogDestination({ file: options.file });
    destination = sink;
    flush = () => sink.flushSync();
  }
  const root = pino(
    {
      level: options.level,
      // The process id tells workers apart (--workers); no host name: the platform's log shipper adds where.
      base: { pid: process.pid, ...bindings },
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors as name, message and stack (JSON would write `{}`), under the keys callers use for them.
      serializers: { error: serializeError, err: serializeError, cause: serializeError },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination as DestinationStream,
  );
  return Object.assign(new PinoLogger(root), { flush });
}

/** The project's Logger on a pino logger: message first, fields after, as every caller writes it. */
class PinoLogger implements Logger {
  constructor(private readonly pino: Pino) {}

  debug(message: string, fields?: Record<string, unknown>): void {
    this.write("debug", message, fields);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.write("info", message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.write("warn", message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.write("error", message, fields);
  }

  private write(level: "debug" | "info" | "warn" | "error", message: string, fields: Record<string, unknown> | undefined): void {
    if (fields) this.pino[level](fields, message);
    else this.pino[level](message);
  }

  child(bindings: Record<string, unknown>): Logger {
    return new PinoLogger(this.pino.child(bindings));
  }
}

function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return { name: value.name, message: value.message, stack: value.stack };
}
