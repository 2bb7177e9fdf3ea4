import { isIP } from "node:net";
import { normalizeOrigin } from "../cors.js";

/** The environment `loadConfig` reads: variable name → value. */
export type Env = Record<string, string | undefined>;

/** Every bad variable of an environment, reported at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/** "a, b,,c" → ["a", "b", "c"]: the entries of a comma-separated setting, trimmed, empty ones dropped. */
export function commaList(text: string): string[] {
  return text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Reads one variable at a time: a value in range, or the fallback and a problem naming the variable. */
export class Reader {
  constructor(
    private readonly env: Env,
    readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(", ")}; got "${value}"`);
    return fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}; got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  port(name: string, fallback: number): number {
    return this.int(name, fallback, 0, 65_535);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (value === "true" || value === "1") return true;
    if (value === "false" || value === "0") return false;
    this.problems.push(`${name} must be true or false; got "${value}"`);
    return fallback;
  }

  /** Comma-separated origins (see normalizeOrigin in lib/cors.ts), normalized; `fallback` when unset. */
  origins(name: string, fallback: string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const entries = commaList(value);
    const bad = entries.filter((entry) => normalizeOrigin(entry) === null);
    if (entries.length === 0 || bad.length > 0) {
      this.problems.push(
        `${name} must be origins like https://shop.example.com or http://localhost:* separated by commas; got "${bad.join(", ") || value}"`,
      );
      return fallback;
    }
    return entries.map((entry) => normalizeOrigin(entry)!);
  }

  /** Comma-separated host:port pairs, or undefined when unset. */
  hostPorts(name: string): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const nodes = commaList(value);
    if (nodes.length === 0 || nodes.some((n) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(n))) {
      this.problems.push(`${name} must be host:port pairs separated by commas; got "${value}"`);
      return undefined;
    }
    return nodes;
  }

  /** Comma-separated IP addresses or CIDR ranges (10.0.0.0/8, fd00::/8); empty when unset. */
  addresses(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const entries = commaList(value);
    const bad = entries.filter((entry) => {
      const [address, prefix, extra] = entry.split("/");
      const family = isIP(address);
      if (family === 0 || extra !== undefined) return true;
      if (prefix === undefined) return false;
      const bits = Number(prefix);
      return !/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128);
    });
    if (bad.length > 0) {
      this.problems.push(`${name} must be IP addresses or CIDR ranges separated by commas; not "${bad.join('", "')}"`);
      return [];
    }
    return entries;
  }

  /** A secret of at least 32 characters, or undefined when unset. */
  secret(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (value.length < 32) {
      this.problems.push(`${name} must be at least 32 characters`);
      return undefined;
    }
    return value;
  }

  /** A path to a file (not a directory), or undefined when unset. Whether it can be written is found out on opening. */
  filePath(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (value.includes("\0") || /[\\/]$/.test(value) || /(^|[\\/])\.{1,2}$/.test(value)) {
      this.problems.push(`${name} must be the path of a file; got "${value}"`);
      return undefined;
    }
    return value;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (!protocols.includes(url.protocol)) throw new Error("protocol");
      return value;
    } catch {
      this.problems.push(`${name} must be a ${protocols.join(" or ")} URL; got "${value}"`);
      return undefined;
    }
  }
}
