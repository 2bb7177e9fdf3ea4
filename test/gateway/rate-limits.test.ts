import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createGateway } from "../../gateway/server.js";
import { demoApiKeyRecords, hashApiKey } from "../../lib/auth/api-keys.js";
import { loadConfig, SUBGRAPH_NAMES } from "../../lib/config.js";
import { createLogger } from "../../lib/logger.js";
import { createRedis } from "../../lib/redis.js";
import { postGraphQL, startGraph, type GraphQLAnswer, type TestGraph } from "../helpers/graph.js";
import { keysUnder } from "../helpers/redis-keys.js";

// Every client is held to a token bucket: its API key at the key's tier, a signed-in person, or an anonymous client
// address; rejected credentials are counted per address. Limits here are low (10 a minute) so a test can reach them.

const LOW = {
  RATE_LIMIT_ANONYMOUS: "10",
  RATE_LIMIT_PERSON: "10",
  RATE_LIMIT_KEY_STANDARD: "10",
  RATE_LIMIT_KEY_HIGH: "20",
  RATE_LIMIT_AUTH_FAILURES: "5",
};
const KEYS = { acme: "og_test_partner_acme_4Kd9", globex: "og_test_partner_globex_7Wq2" };
const QUERY = `{ categories { id } }`;

let graph: TestGraph;
/** Each test is its own client address, told to the gateway by a trusted proxy (loopback). */
let clients = 0;
const newClient = () => ({ "x-forwarded-for": `203.0.113.${++clients}` });

beforeAll(async () => {
  graph = await startGraph(
    {},
    {
      auth: {
        apiKeys: [
          ...demoApiKeyRecords(),
          { hash: hashApiKey(KEYS.acme), kind: "partner", owner: "acme", tier: "standard", storeId: null },
          { hash: hashApiKey(KEYS.globex), kind: "partner", owner: "globex", tier: "standard", storeId: null },
        ],
      },
      env: { ...LOW, TRUSTED_PROXIES: "127.0.0.1,::1" },
    },
  );
});
afterAll(() => graph?.close());

async function times(n: number, send: () => Promise<GraphQLAnswer>): Promise<GraphQLAnswer[]> {
  const answers: GraphQLAnswer[] = [];
  for (let i = 0; i < n; i++) answers.push(await send());
  return answers;
}

function expectRefused(answer: GraphQLAnswer, limit: number): void {
  expect(answer.status).toBe(429);
  expect(answer.body.errors![0].extensions!.code).toBe("RATE_LIMITED");
  expect(answer.body.data).toBeUndefined();
  const retryAfter = Number(answer.headers.get("retry-after"));
  // A bucket of `limit` refills one request every 60 / limit seconds.
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(Math.ceil(60 / limit));
  expect(answer.headers.get("ratelimit-limit")).toBe(String(limit));
  expect(answer.headers.get("ratelimit-remaining")).toBe("0");
  expect(Number(answer.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(retryAfter);
}

describe("an anonymous client address", () => {
  it("gets 10 answers with its standing in RateLimit-* headers, and the 11th is a 429 with Retry-After", async () => {
    const client = newClient();
    const answers = await times(11, () => graph.query(QUERY, undefined, client));
    for (const [i, answer] of answers.slice(0, 10).entries()) {
      expect(answer.status).toBe(200);
      expect(answer.body.data.categories.length).toBeGreaterThan(0);
      expect(answer.headers.get("ratelimit-limit")).toBe("10");
      expect(answer.headers.get("ratelimit-remaining")).toBe(String(9 - i));
      expect(Number(answer.headers.get("ratelimit-reset"))).toBeLessThanOrEqual(60);
    }
    expectRefused(answers[10], 10);
    // Another address is not held to this one's count.
    expect((await graph.query(QUERY, undefined, newClient())).status).toBe(200);
  });

  it("is the right-most address the trusted proxy did not write: what the client puts before it does not matter", async () => {
    const client = newClient()["x-forwarded-for"];
    await times(10, () => graph.query(QUERY, undefined, { "x-forwarded-for": client }));
    const spoofed = await graph.query(QUERY, undefined, { "x-forwarded-for": `198.51.100.${clients}, ${client}` });
    expectRefused(spoofed, 10);
    // Behind a second trusted hop, the same client is still found.
    expectRefused(await graph.query(QUERY, undefined, { "x-forwarded-for": `${client}, 127.0.0.1` }), 10);
  });

  it("pays for refused requests too: claiming a staff channel over and over ends in 429s", async () => {
    const client = { ...newClient(), "x-channel": "STORE" };
    const answers = await times(11, () => graph.query(QUERY, undefined, client));
    expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(403));
    expectRefused(answers[10], 10);
  });

  it("is the socket's peer when no trusted proxy is configured: X-Forwarded-For is ignored", async () => {
    const untrusting = await startGraph({}, { env: LOW });
    try {
      const answers = await times(11, () => untrusting.query(QUERY, undefined, { "x-forwarded-for": `192.0.2.${++clients}` }));
      expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(200));
      expectRefused(answers[10], 10);
    } finally {
      await untrusting.close();
    }
  });
});

describe("a signed-in person", () => {
  it("is counted as the person, whatever token they present; another person is not held to it", async () => {
    const client = newClient();
    const [first, second] = ["cust-003", "cust-004"];
    const answers = await times(11, async () =>
      graph.query(`{ me { id } }`, undefined, { ...client, ...(await graph.as("customer", first)) }),
    );
    expect(answers.slice(0, 10).map((a) => a.body.data?.me)).toEqual(Array(10).fill({ id: first }));
    expectRefused(answers[10], 10);
    const other = await graph.query(`{ me { id } }`, undefined, { ...client, ...(await graph.as("customer", second)) });
    expect(other.body.data.me).toEqual({ id: second });
  });
});

describe("an API key", () => {
  it("is held to its tier's limit, and two keys do not share a count", async () => {
    const client = newClient();
    const acme = await times(11, () => graph.query(QUERY, undefined, { ...client, "x-api-key": KEYS.acme }));
    expect(acme.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(200));
    expectRefused(acme[10], 10);
    const globex = await graph.query(QUERY, undefined, { ...client, "x-api-key": KEYS.globex });
    expect(globex.status).toBe(200);
    expect(globex.headers.get("ratelimit-remaining")).toBe("9");
    // The kiosk's tier is high: its own, larger bucket.
    const kiosk = await graph.query(QUERY, undefined, { ...client, ...graph.key("kiosk") });
    expect(kiosk.headers.get("ratelimit-limit")).toBe("20");
  });

  it("guessed from one address: five wrong keys are 401s, then every credential from there is a 429, checked or not", async () => {
    const client = newClient();
    const guesses = await times(6, () => graph.query(QUERY, undefined, { ...client, "x-api-key": `og_guess_${randomUUID()}` }));
    for (const guess of guesses.slice(0, 5)) {
      expect(guess.status).toBe(401);
      expect(guess.body.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
    }
    expectRefused(guesses[5], 5);
    // Guessing right no longer helps from this address until the bucket refills.
    expectRefused(await graph.query(QUERY, undefined, { ...client, "x-api-key": KEYS.globex }), 5);
    // The guesser is not a person or key: other addresses, and anonymous requests, are served as before.
    expect((await graph.query(QUERY, undefined, { ...newClient(), "x-api-key": KEYS.globex })).status).toBe(200);
    expect((await graph.query(QUERY, undefined, client)).status).toBe(200);
  });

  it("bad bearer tokens count the same way", async () => {
    const client = newClient();
    const tries = await times(6, () => graph.query(QUERY, undefined, { ...client, authorization: `Bearer not.a.${randomUUID()}` }));
    expect(tries.slice(0, 5).map((t) => t.status)).toEqual(Array(5).fill(401));
    expectRefused(tries[5], 5);
  });
});

describe("shared by every gateway instance", () => {
  it("two gateways on one Redis count one client together, and every count expires", async () => {
    const prefix = `test:${randomUUID()}:`;
    const a = await startGraph({}, { redisPrefix: prefix, env: { ...LOW, TRUSTED_PROXIES: "127.0.0.1,::1" } });
    const b = await startGraph({}, { redisPrefix: prefix, env: { ...LOW, TRUSTED_PROXIES: "127.0.0.1,::1" } });
    const redis = createRedis({ url: inject("redisUrl"), keyPrefix: "" });
    try {
      const client = newClient();
      let sent = 0;
      // Turn about: neither instance alone sees more than 6 of the 11 requests.
      const answers = await times(11, () => (sent++ % 2 ? b : a).query(QUERY, undefined, client));
      expect(answers.slice(0, 10).map((x) => x.status)).toEqual(Array(10).fill(200));
      expectRefused(answers[10], 10);
      const other = newClient();
      await a.query(QUERY, undefined, other);
      expect((await b.query(QUERY, undefined, other)).headers.get("ratelimit-remaining")).toBe("8");

      const keys = await keysUnder(redis, `${prefix}gateway:rate:`);
      expect(keys.length).toBeGreaterThanOrEqual(2);
      for (const key of keys) {
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60_000);
      }
    } finally {
      await redis.quit();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("keeps serving, counting in memory, when its Redis cannot be reached", async () => {
    const dead = createRedis({ url: "redis://127.0.0.1:1", keyPrefix: "og:" });
    dead.on("error", () => {});
    const config = loadConfig({ OMNIGRAPH_ENV: "test", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...LOW });
    const gateway = await createGateway(config, {
      auth: graph.auth,
      redis: dead,
      logger: createLogger({ level: "silent" }),
      supergraphSdl: await readFile(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8"),
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, graph.subgraphs[name].url])),
    }).listen(0, "127.0.0.1");
    try {
      const started = Date.now();
      const answers = await times(11, () => postGraphQL(gateway.url, QUERY));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(200));
      expectRefused(answers[10], 10);
    } finally {
      await gateway.close();
      dead.disconnect();
    }
  });
});
