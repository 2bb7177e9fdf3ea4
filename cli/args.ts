/** `--name value` and `--name=value` flags, plus positional words. Unknown flags are an error, not ignored. */
export function parseArgs(argv: string[], known: string[]): { flags: Record<string, string>; positional: string[] } {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split("=", 2);
    if (!known.includes(name)) throw new Error(`unknown option --${name}; known: ${known.map((k) => `--${k}`).join(", ")}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flags[name] = value;
  }
  return { flags, positional };
}

export interface ShutdownOptions {
  /**
   * Longest `stop` may take before the process exits anyway, with code 1: the time requests get to finish
   * (SHUTDOWN_GRACE_MS) plus a little to close the rest. Default 10 s.
   */
  timeoutMs?: number;
  /**
   * Whether a second signal exits at once (an operator pressing Ctrl-C twice). A cluster worker says no: a terminal's
   * Ctrl-C reaches it and then its primary passes the signal on, which must not cut its requests short.
   */
  secondSignalExits?: boolean;
}

/** Runs `stop` on SIGINT/SIGTERM, then exits 0; a second signal, or `timeoutMs` without finishing, exits 1 at once. */
export function onShutdown(stop: () => Promise<void>, log: (message: string) => void, options: ShutdownOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) {
      if (options.secondSignalExits === false) return;
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping`);
    setTimeout(() => {
      log(`shutdown took longer than ${timeoutMs / 1000} s: exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => handle("SIGINT"));
  process.on("SIGTERM", () => handle("SIGTERM"));
}
