import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { startGraph, type GraphQLAnswer, type TestGraph } from "../helpers/graph.js";
import { keysUnder } from "../helpers/redis-keys.js";

// Automatic persisted queries on Redis, shared by every gateway: a client registers a query once (its text and
// SHA-256), then sends only the hash. Registrations are capped in size, kept for a day, and counted like any request.

const prefix = `test:${randomUUID()}:`;
const apqKeys = () => keysUnder(redis, `${prefix}{gateway}:cache:apq:`);
let graph: TestGraph;
let redis: RedisClient;
beforeAll(async () => {
  graph = await startGraph({}, { redisPrefix: prefix });
  redis = createRedis({ url: inject("redisUrl"), keyPrefix: "" });
});
afterAll(async () => {
  await redis?.quit();
  await graph?.close();
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function send(body: Record<string, unknown>, url = graph.gateway.url, headers: Record<string, string> = {}): Promise<GraphQLAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}
const apq = (query: string | undefined, hash = sha256(query!), version: unknown = 1) => ({
  ...(query === undefined ? {} : { query }),
  extensions: { persistedQuery: { version, sha256Hash: hash } },
});
/** A query made large by a comment, as the attack did: it costs nothing to run and everything to keep. */
const padded = (bytes: number) => {
  const head = `# ${randomUUID()}\n`;
  return head + "#" + "x".repeat(bytes - head.length - 30) + "\n{ categories { id } }";
};

describe("a client that persists its queries", () => {
  it("registers a query once, then sends only its hash; the entry expires within a day", async () => {
    const query = `query Categories { categories { id name } }`;
    const unknown = await send(apq(undefined, sha256(query)));
    expect(unknown.body.errors![0].extensions!.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const registered = await send(apq(query));
    expect(registered.status).toBe(200);
    const byHash = await send(apq(undefined, sha256(query)));
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual(registered.body);
    const [key] = (await apqKeys()).filter((k) => k.endsWith(sha256(query)));
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(86_400 - 60);
    expect(ttl).toBeLessThanOrEqual(86_400);
  });

  it("100 registrations of 900 KB are refused with a code and nothing of them is kept; 100 of 60 KB are kept and expire", async () => {
    const large = Array.from({ length: 100 }, () => padded(900_000));
    for (const query of large) {
      const answer = await send(apq(query));
      expect(answer.status).toBe(400);
      expect(answer.body.errors![0].extensions!.code).toBe("PERSISTED_QUERY_TOO_LARGE");
      expect(answer.body.errors![0].message).toContain("65536");
    }
    const keys = await apqKeys();
    for (const query of large) expect(keys.some((k) => k.endsWith(sha256(query)))).toBe(false);

    // Under the cap, registrations are stored, and every one of them expires.
    for (let i = 0; i < 100; i++) expect((await send(apq(padded(60_000)))).status).toBe(200);
    const kept = await apqKeys();
    expect(kept.length).toBeGreaterThanOrEqual(100);
    let bytes = 0;
    for (const key of kept) {
      expect(await redis.ttl(key)).toBeGreaterThan(0);
      bytes += await redis.strlen(key);
    }
    expect(bytes).toBeLessThan(kept.length * 65_536);
  });

  it("a wrong hash or an unsupported version is a 400 with a code, never an internal error", async () => {
    const query = `{ categories { id } }`;
    const cases: [Record<string, unknown>, string][] = [
      [apq(query, sha256("something else")), "PERSISTED_QUERY_HASH_MISMATCH"],
      [apq(query, sha256(query).toUpperCase()), "PERSISTED_QUERY_HASH_MISMATCH"],
      [apq(query, "not-a-hash"), "PERSISTED_QUERY_HASH_MISMATCH"],
      [apq(query, sha256(query), 2), "PERSISTED_QUERY_VERSION_NOT_SUPPORTED"],
      [apq(undefined, sha256(query), "1"), "PERSISTED_QUERY_VERSION_NOT_SUPPORTED"],
      [{ query, extensions: { persistedQuery: "yes" } }, "PERSISTED_QUERY_VERSION_NOT_SUPPORTED"],
    ];
    for (const [body, code] of cases) {
      const answer = await send(body);
      expect(answer.status, code).toBe(400);
      expect(answer.body.errors![0].extensions).toEqual({ code });
      expect(answer.body.data).toBeUndefined();
    }
    expect((await apqKeys()).some((k) => k.endsWith(sha256("something else")))).toBe(false);
    expect(graph.logs.filter((line) => line.msg === "masked error" || line.level === "error")).toEqual([]);
  });

  it("registering is rate limited like any other request", async () => {
    const limited = await startGraph({}, { redisPrefix: `test:${randomUUID()}:`, env: { RATE_LIMIT_ANONYMOUS: "3" } });
    try {
      const answers: GraphQLAnswer[] = [];
      for (let i = 0; i < 4; i++) answers.push(await send(apq(padded(2_000)), limited.gateway.url));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(answers[3].body.errors![0].extensions!.code).toBe("RATE_LIMITED");
      expect(answers[3].headers.get("retry-after")).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});
