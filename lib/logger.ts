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
  /** Where lines go; stdout by default. Tests pass an array sink to read what was logged. */
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions, bindings: Record<string, unknown> = {}): Logger {
  const threshold = rank[options.level];
  const write = options.write ?? ((line: string) => process.stdout.write(line + "\n"));
  const log = (level: Exclude<LogLevel, "silent">) => (message: string, fields?: Record<string, unknown>) => {
    if (rank[level] < threshold) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, ...bindings, msg: message, ...serialize(fields) }));
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (more) => createLogger(options, { ...bindings, ...more }),
  };
}

function serialize(fields?: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}
