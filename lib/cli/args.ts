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

/** Runs `stop` on SIGINT/SIGTERM, then exits; a second signal, or 10 s without finishing, exits at once. */
export function onShutdown(stop: () => Promise<void>, log: (message: string) => void): void {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping`);
    setTimeout(() => {
      log("shutdown took longer than 10 s: exiting");
      process.exit(1);
    }, 10_000).unref();
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
