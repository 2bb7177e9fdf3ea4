import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../lib/auth/api-keys.js";
import { startGraph, type TestGraph } from "../helpers/graph.js";

// Production verifies people's tokens against an identity provider's JWKS; this one is served on loopback.
let jwks: Server;
let graph: TestGraph;
let sign: (claims: Record<string, unknown>, kid?: string) => Promise<string>;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "key-1", alg: "ES256", use: "sig" };
  jwks = createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  sign = (claims, kid = "key-1") =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid })
      .setIssuer("omnigraph")
      .setAudience("omnigraph")
      .setExpirationTime("10m")
      .sign(privateKey);
  graph = await startGraph(
    {},
    {
      auth: {
        jwtSecret: undefined,
        jwksUrl: url,
        apiKeys: [{ hash: hashApiKey("tiny-tier-key"), kind: "partner", owner: "tiny", tier: "standard", storeId: null }],
      },
    },
  );
});
afterAll(async () => {
  await graph?.close();
  jwks?.close();
});

describe("people signed in through an identity provider (JWKS)", () => {
  it("accepts an ES256 token whose key the JWKS publishes", async () => {
    const token = await sign({ sub: "cust-003", role: "customer" });
    const answer = await graph.query(`{ me { id } session { kind } }`, undefined, { authorization: `Bearer ${token}` });
    expect(answer.body.data).toEqual({ me: { id: "cust-003" }, session: { kind: "CUSTOMER" } });
  });

  it("rejects an HS256 token, even one signed with a secret that used to be valid", async () => {
    const hs = await new SignJWT({ role: "agent" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("assoc-040")
      .setIssuer("omnigraph")
      .setAudience("omnigraph")
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode("x".repeat(32)));
    const answer = await graph.query(`{ me { id } }`, undefined, { authorization: `Bearer ${hs}` });
    expect(answer.status).toBe(401);
  });

  it("rejects a token signed with a key the JWKS does not publish", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const foreign = await new SignJWT({ sub: "cust-003", role: "customer" })
      .setProtectedHeader({ alg: "ES256", kid: "key-1" })
      .setIssuer("omnigraph")
      .setAudience("omnigraph")
      .setExpirationTime("10m")
      .sign(privateKey);
    const answer = await graph.query(`{ me { id } }`, undefined, { authorization: `Bearer ${foreign}` });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("API keys", () => {
  it("are looked up by hash: the configured key works, the demo keys are gone", async () => {
    const ok = await graph.query(`{ categories { id } }`, undefined, { "x-api-key": "tiny-tier-key", "x-request-id": "tiny-partner-1" });
    expect(ok.status).toBe(200);
    expect(ok.body.data.categories.length).toBeGreaterThan(0);
    expect(graph.logs.find((l) => l.requestId === "tiny-partner-1" && l.msg === "request")).toMatchObject({
      channel: "PARTNER",
      viewer: "partner",
    });
    const demo = await graph.query(`{ session { kind } }`, undefined, graph.key("partner"));
    expect(demo.status).toBe(401);
  });
});
