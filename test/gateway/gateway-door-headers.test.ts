import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../../gateway/server.js";
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from "../../lib/config.js";
import { serveSubgraph, type RunningSubgraph } from "../../lib/subgraph.js";
import * as inventory from "../../subgraphs/inventory/index.js";
import { inventorySeed } from "../../subgraphs/inventory/seed.js";
import { MemoryInventoryStore } from "../../subgraphs/inventory/store/memory.js";
import { door, graph, logger, supergraphSdl, useDoor } from "../helpers/gateway-door.js";
import { countingStore, postGraphQL } from "../helpers/graph.js";

// The gateway's door as browsers and operators meet it: security headers, CORS, and a supergraph served as written.

useDoor();

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
