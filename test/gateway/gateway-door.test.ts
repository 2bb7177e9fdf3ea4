import { readFile } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type RunningGateway } from "../../gateway/server.js";
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from "../../lib/config.js";
import { createLogger } from "../../lib/logger.js";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import * as inventory from "../../subgraphs/inventory/index.js";
import { inventorySeed } from "../../subgraphs/inventory/seed.js";
import { MemoryInventoryStore } from "../../subgraphs/inventory/store/memory.js";
import { MemoryCatalogStore } from "../../subgraphs/catalog/store/memory.js";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import { countingStore, postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";

/** The catalog answers `categories` only after this many milliseconds: an operation that takes a while to run. */
let categoriesDelayMs = 0;
const catalogStore = new Proxy(new MemoryCatalogStore(catalogSeed()), {
  get(target, property, receiver) {
    const value = Reflect.get(target, property, receiver);
    if (property !== "allCategories" || typeof value !== "function") return value;
    return async (...args: unknown[]) => {
      if (categoriesDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, categoriesDelayMs));
      return value.apply(target, args);
    };
  },
});

let graph: TestGraph;
/** A gateway on the same subgraphs with small limits, so abuse is refused quickly. */
let door: RunningGateway;
let supergraphSdl: string;
const logger = createLogger({ level: "silent" });

const DOOR_ENV = {
  OMNIGRAPH_ENV: "test",
  HOST: "127.0.0.1",
  MAX_BODY_BYTES: "65536",
  MAX_HEADER_BYTES: "4096",
  HEADERS_TIMEOUT_MS: "500",
  REQUEST_TIMEOUT_MS: "1000",
  CORS_ORIGINS: "https://shop.example.com, http://localhost:*",
};

beforeAll(async () => {
  graph = await startGraph({ catalog: { store: catalogStore } });
  supergraphSdl = await readFile(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8");
  door = await createGateway(loadConfig(DOOR_ENV), {
    auth: graph.auth,
    logger,
    supergraphSdl,
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, graph.subgraphs[name].url])),
  }).listen(0, "127.0.0.1");
});
afterAll(async () => {
  await door?.close();
  await graph?.close();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Bytes of the request written to the socket before the answer came or the server closed it. */
  sent: number;
}

/**
 * A request written by hand on a socket: `head` (request line and headers), then `body` parts one by one, each after
 * `pauseMs`, stopping as soon as the server answers or closes. Resolves with the answer read until the server closes.
 */
function rawRequest(port: number, head: string, body: Iterable<Buffer | string> = [], pauseMs = 0): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let sent = 0;
    let over = false;
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    // The server may close while parts are still on their way (EPIPE, ECONNRESET): the answer is what counts.
    socket.on("error", () => {});
    socket.on("close", () => {
      over = true;
      const text = Buffer.concat(received).toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return reject(new Error(`no HTTP answer (got ${JSON.stringify(text.slice(0, 80))})`));
      const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: text.slice(end + 4), sent });
    });
    socket.on("connect", async () => {
      socket.write(head);
      for (const part of body) {
        if (over || received.length > 0) break;
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
        if (over || received.length > 0) break;
        const length = typeof part === "string" ? Buffer.byteLength(part) : part.length;
        const flushed = socket.write(part);
        sent += length;
        if (!flushed) await new Promise((r) => (socket.once("drain", r), socket.once("close", r), socket.once("data", r)));
      }
    });
    // Keep-alive would leave the socket open after an answer the server does not close on; these all should close.
    socket.setTimeout(15_000, () => socket.destroy(new Error("the server neither answered nor closed")));
  });
}

const codeOf = (answer: RawAnswer) => (JSON.parse(answer.body) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code;

function* repeat<T>(part: T, times: number): Generator<T> {
  for (let i = 0; i < times; i++) yield part;
}

describe("a request body over the limit", () => {
  it("is refused with 413 at once when Content-Length says so: the 100 MB are never sent", async () => {
    const answer = await rawRequest(
      door.port,
      `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${100 * 1024 * 1024}\r\n\r\n{"query":`,
    );
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("BODY_TOO_LARGE");
    expect(answer.headers.connection).toBe("close");
  });

  it("is cut off with 413 while a chunked body is still arriving, and the connection is closed", async () => {
    const part = Buffer.alloc(16 * 1024, "a");
    const chunk = Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from("\r\n")]);
    const total = 4_000 * chunk.length; // about 64 MB, a thousand times the door's 64 KiB
    const answer = await rawRequest(
      door.port,
      "POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
      repeat(chunk, 4_000),
    );
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("BODY_TOO_LARGE");
    expect(answer.sent).toBeLessThan(total / 4);
  });

  it("still leaves the door open to a body under the limit on the same gateway", async () => {
    const answer = await postGraphQL(door.url, `{ categories { id } }`);
    expect(answer.status).toBe(200);
    expect(answer.body.data.categories.length).toBeGreaterThan(0);
  });
});

describe("a client that sends slowly or too much", () => {
  it("is cut off with 408 when its body trickles in past REQUEST_TIMEOUT_MS", async () => {
    const body = JSON.stringify({ query: "{ categories { id } }" });
    const answer = await rawRequest(
      door.port,
      `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`,
      body,
      250,
    );
    expect(answer.status).toBe(408);
    expect(codeOf(answer)).toBe("REQUEST_TIMEOUT");
    expect(answer.sent).toBeLessThan(body.length);
  });

  it("is cut off with 408 when its headers trickle in", async () => {
    const answer = await rawRequest(door.port, "POST /graphql HTTP/1.1\r\n", repeat("x-slow: yes\r\n", 100), 100);
    expect(answer.status).toBe(408);
    expect(codeOf(answer)).toBe("REQUEST_TIMEOUT");
  });

  it("does not cut off an operation that takes longer than REQUEST_TIMEOUT_MS to run", async () => {
    categoriesDelayMs = 1_500;
    try {
      const answer = await postGraphQL(door.url, `{ categories { id } }`);
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.categories.length).toBeGreaterThan(0);
    } finally {
      categoriesDelayMs = 0;
    }
  });

  it("gets 431 for headers over MAX_HEADER_BYTES, while a token-sized header passes", async () => {
    const huge = await rawRequest(door.port, `GET /health HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${"a".repeat(8_000)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    expect(codeOf(huge)).toBe("HEADERS_TOO_LARGE");
    expect(huge.headers["x-content-type-options"]).toBe("nosniff");
    const token = await fetch(`${door.origin}/health`, { headers: { "x-api-key": "k".repeat(1_500) } });
    expect(token.status).toBe(200);
  });
});

describe("security headers", () => {
  it("go out on every answer: GraphQL, health, the sandbox, an unknown path and a subgraph", async () => {
    const answers = {
      graphql: (await graph.query(`{ categories { id } }`)).headers,
      health: (await fetch(`${graph.gateway.origin}/health`)).headers,
      sandbox: (await fetch(`${graph.gateway.origin}/sandbox`)).headers,
      missing: (await fetch(`${graph.gateway.origin}/wp-admin`)).headers,
      subgraph: (await fetch(`${graph.subgraphs.catalog.origin}/health`)).headers,
    };
    for (const [where, headers] of Object.entries(answers)) {
      expect(headers.get("x-content-type-options"), where).toBe("nosniff");
      expect(headers.get("referrer-policy"), where).toBe("no-referrer");
      expect(headers.get("x-frame-options"), where).toBe("DENY");
    }
    expect(answers.graphql.get("cache-control")).toBe("no-store");
  });

  it("give the sandbox a policy that runs only the gateway's own scripts and talks only to the gateway", async () => {
    const policy = (await fetch(`${graph.gateway.origin}/sandbox`)).headers.get("content-security-policy") ?? "";
    const directives = new Map(
      policy
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get("script-src")).toEqual(["'self'"]);
    expect(directives.get("connect-src")).toEqual(["'self'"]);
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
    const page = await (await fetch(`${graph.gateway.origin}/sandbox`)).text();
    expect(page).not.toMatch(/<script>|<style>/);
  });
});

describe("browsers calling the graph from another origin (CORS)", () => {
  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type, x-channel",
      },
    });

  it("answers a preflight from a local storefront in development with 204 and what the client may send", async () => {
    for (const path of ["/graphql", "/partner/graphql"]) {
      const response = await preflight(`${graph.gateway.origin}${path}`, "http://localhost:3000");
      expect(response.status, path).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
      expect(response.headers.get("access-control-allow-methods")).toBe("GET, POST, OPTIONS");
      const allowed = (response.headers.get("access-control-allow-headers") ?? "").split(/,\s*/);
      for (const header of [
        "authorization",
        "x-api-key",
        "content-type",
        "apollographql-client-name",
        "apollographql-client-version",
        "x-channel",
        "x-request-id",
        "x-omnigraph-cost",
      ]) {
        expect(allowed, header).toContain(header);
      }
      expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
      expect(response.headers.get("vary")).toMatch(/origin/i);
      // Callers sign in with headers, never cookies: no credentials are ever allowed.
      expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });

  it("gives an origin not on the list no CORS headers: its preflight is a coded 403, its requests answer without them", async () => {
    const refused = await preflight(graph.gateway.url, "http://evil.example");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe("ORIGIN_NOT_ALLOWED");
    const actual = await graph.query(`{ categories { id } }`, undefined, { origin: "http://evil.example" });
    for (const headers of [refused.headers, actual.headers]) {
      expect([...headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    }
  });

  it("lets an allowed origin read the answer, the request id and the rate-limit headers", async () => {
    const answer = await graph.query(`{ categories { id } }`, undefined, { origin: "http://127.0.0.1:5173" });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:5173");
    const exposed = (answer.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining(["x-request-id", "retry-after", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"]),
    );
    expect(answer.headers.get("vary")).toMatch(/origin/i);
  });

  it("holds configured origins exactly: a look-alike host or port is not on the list", async () => {
    const allowed = ["https://shop.example.com", "http://localhost:8080", "http://localhost"];
    const refused = [
      "https://shop.example.com.evil.example",
      "http://shop.example.com",
      "https://evil.example",
      "http://localhost.evil.example",
      "http://localhost:80x",
      "null",
    ];
    for (const origin of allowed) expect((await preflight(door.url, origin)).status, origin).toBe(204);
    for (const origin of refused) expect((await preflight(door.url, origin)).status, origin).toBe(403);
  });

  it("answers a plain OPTIONS, one that is not a preflight, with the methods the path takes", async () => {
    const response = await fetch(graph.gateway.url, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("GET, POST, OPTIONS");
  });
});

describe("a supergraph served as written", () => {
  /** `sdl` with each named subgraph's join__graph URL replaced. */
  const rewrite = (sdl: string, urls: Partial<Record<SubgraphName, string>>) =>
    sdl.replace(/@join__graph\(name: "(\w+)", url: "[^"]*"\)/g, (whole, name: SubgraphName) =>
      urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole,
    );

  let elsewhere: RunningSubgraph;
  let counted: ReturnType<typeof countingStore<MemoryInventoryStore>>;
  beforeAll(async () => {
    // Another team's inventory: a real inventory subgraph on a port of its own, counting what it is asked.
    counted = countingStore(new MemoryInventoryStore(inventorySeed()));
    elsewhere = await serveSubgraph(await inventory.createSubgraph({ store: counted.store, logger }), {
      serviceSecret: graph.auth.serviceSecret,
      port: 0,
      host: "127.0.0.1",
      logger,
      maxBodyBytes: 1_048_576,
      limits: loadConfig({}),
      introspection: false,
    });
  });
  afterAll(() => elsewhere?.close());

  const LOCATION = `{ location(id: "store-01") { id name } }`;

  it("sends a subgraph's requests to the URL its supergraph names, with no <NAME>_URL set", async () => {
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, graph.subgraphs[name].url])) as Record<SubgraphName, string>;
    const sdl = rewrite(supergraphSdl, { ...urls, inventory: elsewhere.url });
    const config = loadConfig({ OMNIGRAPH_ENV: "test", HOST: "127.0.0.1", LOG_LEVEL: "silent" });
    expect(SUBGRAPH_NAMES.map((name) => config.subgraphs[name].urlOverride)).toEqual([undefined, undefined, undefined, undefined]);
    const gateway = await createGateway(config, { auth: graph.auth, logger, supergraphSdl: sdl }).listen(0, "127.0.0.1");
    try {
      counted.reset();
      const answer = await postGraphQL(gateway.url, LOCATION);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.location.id).toBe("store-01");
      expect(counted.calls.get("locationsById")?.length).toBeGreaterThan(0);
    } finally {
      await gateway.close();
    }
  });

  it("still goes where an explicit INVENTORY_URL says", async () => {
    const sdl = rewrite(supergraphSdl, { inventory: elsewhere.url });
    const config = loadConfig({
      OMNIGRAPH_ENV: "test",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      INVENTORY_URL: graph.subgraphs.inventory.url,
    });
    const gateway = await createGateway(config, {
      auth: graph.auth,
      logger,
      supergraphSdl: sdl,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.filter((n) => n !== "inventory").map((n) => [n, graph.subgraphs[n].url])),
    }).listen(0, "127.0.0.1");
    try {
      counted.reset();
      const answer = await postGraphQL(gateway.url, LOCATION);
      expect(answer.body.data.location.id).toBe("store-01");
      expect(counted.calls.size).toBe(0);
    } finally {
      await gateway.close();
    }
  });
});
