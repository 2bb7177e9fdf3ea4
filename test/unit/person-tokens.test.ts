import { createHmac } from "node:crypto";
import { jwtVerify } from "jose";
import { describe, expect, it, vi } from "vitest";
import { Hs256Verifier } from "../../lib/auth/hs256.js";
import { createPersonTokenVerifier, signPersonToken } from "../../lib/auth/people.js";
import { VerifiedTokens } from "../../lib/auth/verified-tokens.js";

const SECRET = "a-secret-of-at-least-32-characters!!";
const START = Date.UTC(2030, 0, 1) / 1000;

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A compact JWT with any header and claims, signed with HMAC-SHA256 over whatever the header says. */
function craft(header: Record<string, unknown>, claims: Record<string, unknown>, secret = SECRET, hash = "sha256"): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest("base64url")}`;
}

const valid = (over: Record<string, unknown> = {}) => ({
  sub: "cust-001",
  role: "customer",
  iss: "omnigraph",
  aud: "omnigraph",
  iat: START,
  exp: START + 3600,
  ...over,
});
const HS256 = { alg: "HS256", typ: "JWT" };

/** A verifier on a clock the test moves, in seconds. */
function verifierAt(seconds: number, cacheSize?: number) {
  const clock = { seconds };
  const people = createPersonTokenVerifier({
    secret: SECRET,
    issuer: "omnigraph",
    audience: "omnigraph",
    cacheSize,
    now: () => clock.seconds * 1000,
  });
  return { people, clock };
}

const NOT_VALID = { message: "The token is not valid. Sign in again.", extensions: { code: "UNAUTHENTICATED" } };
const EXPIRED = { message: "The token has expired. Sign in again.", extensions: { code: "UNAUTHENTICATED" } };

describe("a person's HS256 token", () => {
  it("signed by signPersonToken is accepted and names the person", async () => {
    const { people } = verifierAt(Math.floor(Date.now() / 1000));
    const token = await signPersonToken(SECRET, { sub: "assoc-001", role: "associate", storeId: "store-01" });
    await expect(people.verify(token)).resolves.toEqual({ kind: "associate", id: "assoc-001", storeId: "store-01" });
  });

  it("is refused when its signature is forged or made with another secret", async () => {
    const { people } = verifierAt(START);
    const [header, , signature] = craft(HS256, valid()).split(".");
    await expect(people.verify(`${header}.${b64(valid({ role: "agent" }))}.${signature}`)).rejects.toMatchObject(NOT_VALID);
    await expect(people.verify(craft(HS256, valid(), "another-secret-of-32-characters-or-more"))).rejects.toMatchObject(NOT_VALID);
    await expect(people.verify(`${header}.${b64(valid())}.`)).rejects.toMatchObject(NOT_VALID);
  });

  it('is refused with alg "none" or any algorithm but HS256', async () => {
    const { people } = verifierAt(START);
    await expect(people.verify(`${b64({ alg: "none" })}.${b64(valid())}.`)).rejects.toMatchObject(NOT_VALID);
    await expect(people.verify(`${b64({ alg: "none" })}.${b64(valid())}.${craft(HS256, valid()).split(".")[2]}`)).rejects.toMatchObject(
      NOT_VALID,
    );
    // An HMAC under the header's own name, and an HS256 MAC under another name: neither gets in.
    await expect(people.verify(craft({ alg: "HS384" }, valid(), SECRET, "sha384"))).rejects.toMatchObject(NOT_VALID);
    const mac = craft(HS256, valid()).split(".")[2];
    for (const alg of ["HS384", "RS256", "ES256", "hs256", ""]) {
      await expect(people.verify(`${b64({ alg })}.${b64(valid())}.${mac}`)).rejects.toMatchObject(NOT_VALID);
      await expect(people.verify(craft({ alg }, valid()))).rejects.toMatchObject(NOT_VALID);
    }
    await expect(people.verify(craft({ typ: "JWT" }, valid()))).rejects.toMatchObject(NOT_VALID);
    await expect(people.verify(craft({ alg: "HS256", crit: ["exp"], exp: 1 }, valid()))).rejects.toMatchObject(NOT_VALID);
  });

  it("is refused once expired, with the expiry named", async () => {
    const { people } = verifierAt(START);
    await expect(people.verify(craft(HS256, valid({ exp: START - 1 })))).rejects.toMatchObject(EXPIRED);
    await expect(people.verify(craft(HS256, valid({ exp: START })))).rejects.toMatchObject(EXPIRED);
  });

  it("is refused for another issuer or audience; an audience list that names us is accepted", async () => {
    const { people } = verifierAt(START);
    await expect(people.verify(craft(HS256, valid({ iss: "someone-else" })))).rejects.toMatchObject(NOT_VALID);
    await expect(people.verify(craft(HS256, valid({ aud: "someone-else" })))).rejects.toMatchObject(NOT_VALID);
    await expect(people.verify(craft(HS256, valid({ aud: ["someone-else"] })))).rejects.toMatchObject(NOT_VALID);
    await expect(people.verify(craft(HS256, valid({ aud: ["someone-else", "omnigraph"] })))).resolves.toEqual({
      kind: "customer",
      id: "cust-001",
    });
  });

  it("is refused without sub, exp, iss or aud, or with claims of the wrong type", async () => {
    const { people } = verifierAt(START);
    for (const claim of ["sub", "exp", "iss", "aud"]) {
      const claims = valid();
      delete (claims as Record<string, unknown>)[claim];
      await expect(people.verify(craft(HS256, claims)), claim).rejects.toMatchObject(NOT_VALID);
    }
    await expect(people.verify(craft(HS256, valid({ exp: String(START + 3600) })))).rejects.toMatchObject(NOT_VALID);
    await expect(people.verify(craft(HS256, valid({ iat: "yesterday" })))).rejects.toMatchObject(NOT_VALID);
    await expect(people.verify(craft(HS256, valid({ sub: "" })))).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("is refused before its nbf and accepted from it", async () => {
    const { people, clock } = verifierAt(START);
    const token = craft(HS256, valid({ nbf: START + 10 }));
    await expect(people.verify(token)).rejects.toMatchObject(NOT_VALID);
    clock.seconds = START + 10;
    await expect(people.verify(token)).resolves.toEqual({ kind: "customer", id: "cust-001" });
  });

  it("is refused when it is not a compact JWS of JSON objects", async () => {
    const { people } = verifierAt(START);
    const good = craft(HS256, valid());
    for (const token of ["", "a.b", `${good}.extra`, `${good}=`, good.replace(".", ".+"), craft(HS256, [1, 2] as never)]) {
      await expect(people.verify(token), token).rejects.toMatchObject(NOT_VALID);
    }
    const notJson = `${b64(HS256)}.${b64("not json")}`;
    await expect(people.verify(`${notJson}.${createHmac("sha256", SECRET).update(notJson).digest("base64url")}`)).rejects.toMatchObject(
      NOT_VALID,
    );
  });
});

describe("verified tokens are remembered until they expire", () => {
  it("a client's second request skips the HMAC", async () => {
    const spy = vi.spyOn(Hs256Verifier.prototype, "verify");
    try {
      const { people } = verifierAt(START);
      const token = craft(HS256, valid());
      await people.verify(token);
      await people.verify(token);
      await people.verify(token);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("a token accepted and then expiring is refused from the cache", async () => {
    const { people, clock } = verifierAt(START);
    const token = craft(HS256, valid({ exp: START + 60 }));
    await expect(people.verify(token)).resolves.toEqual({ kind: "customer", id: "cust-001" });
    clock.seconds = START + 59;
    await expect(people.verify(token)).resolves.toEqual({ kind: "customer", id: "cust-001" });
    clock.seconds = START + 60;
    await expect(people.verify(token)).rejects.toMatchObject(EXPIRED);
    await expect(people.verify(token)).rejects.toMatchObject(EXPIRED);
  });

  it("a refused token is never remembered", async () => {
    const { people } = verifierAt(START);
    const forged = craft(HS256, valid(), "another-secret-of-32-characters-or-more");
    await expect(people.verify(forged)).rejects.toMatchObject(NOT_VALID);
    await expect(people.verify(forged)).rejects.toMatchObject(NOT_VALID);
    const noRole = craft(HS256, valid({ role: "admin" }));
    await expect(people.verify(noRole)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    await expect(people.verify(noRole)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("keeps at most its capacity, dropping the least recently used first", () => {
    const tokens = new VerifiedTokens<string>(2);
    tokens.set("a", "A", START + 60);
    tokens.set("b", "B", START + 60);
    expect(tokens.get("a", START)).toBe("A");
    tokens.set("c", "C", START + 60);
    expect(tokens.size).toBe(2);
    expect(tokens.get("b", START)).toBeUndefined();
    expect(tokens.get("a", START)).toBe("A");
    expect(tokens.get("c", START)).toBe("C");
    tokens.set("x".repeat(3_000), "too long to keep", START + 60);
    expect(tokens.size).toBe(2);
    const none = new VerifiedTokens<string>(0);
    none.set("a", "A", START + 60);
    expect(none.get("a", START)).toBeUndefined();
  });
});

describe("the HS256 verifier agrees with jose", () => {
  const key = new TextEncoder().encode(SECRET);
  const options = {
    issuer: "omnigraph",
    audience: "omnigraph",
    algorithms: ["HS256"],
    requiredClaims: ["exp", "sub"],
    currentDate: new Date(START * 1000),
  };
  const ours = new Hs256Verifier(SECRET, { issuer: "omnigraph", audience: "omnigraph", requiredClaims: ["exp", "sub"] });
  const cases: [string, string][] = [
    ["valid", craft(HS256, valid())],
    ["no typ, extra header field", craft({ alg: "HS256", kid: "k1" }, valid())],
    ["aud list", craft(HS256, valid({ aud: ["x", "omnigraph"] }))],
    ["nbf now", craft(HS256, valid({ nbf: START }))],
    ["nbf later", craft(HS256, valid({ nbf: START + 1 }))],
    ["exp now", craft(HS256, valid({ exp: START }))],
    ["exp passed, wrong iss", craft(HS256, valid({ exp: START - 5, iss: "x" }))],
    ["exp as string", craft(HS256, valid({ exp: "soon" }))],
    ["no exp", craft(HS256, { ...valid(), exp: undefined })],
    ["alg none", `${b64({ alg: "none" })}.${b64(valid())}.`],
    ["HS512", craft({ alg: "HS512" }, valid(), SECRET, "sha512")],
    ["wrong secret", craft(HS256, valid(), "x".repeat(40))],
    ["payload is an array", craft(HS256, ["a"] as never)],
  ];
  it.each(cases)("%s", async (_name, token) => {
    const theirs = await jwtVerify(token, key, options).then(
      () => "accepted",
      (error: { code?: string }) => (error.code === "ERR_JWT_EXPIRED" ? "expired" : "invalid"),
    );
    let mine: string;
    try {
      ours.verify(token, START);
      mine = "accepted";
    } catch (error) {
      mine = (error as { reason: string }).reason;
    }
    expect(mine).toBe(theirs);
  });
});
