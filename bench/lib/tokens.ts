import { createHmac } from "node:crypto";
import type { Person } from "../scenarios.js";

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

/**
 * Signs people's HS256 tokens synchronously, the way an identity provider would (iss and aud "omnigraph"), so the load
 * generator can put a distinct valid token on every request: a per-request `jti` makes each one unique, so a cache of
 * verified tokens on the gateway never helps and the verification cost is really measured.
 */
export function tokenSigner(secret: string): (person: Person) => string {
  let serial = 0;
  const key = Buffer.from(secret);
  return (person) => {
    const iat = Math.floor(Date.now() / 1000);
    const claims = {
      sub: person.id,
      role: person.role,
      ...(person.storeId ? { storeId: person.storeId } : {}),
      iss: "omnigraph",
      aud: "omnigraph",
      iat,
      exp: iat + 3600,
      jti: `${process.pid}-${++serial}`,
    };
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    const signature = createHmac("sha256", key).update(`${HEADER}.${payload}`).digest("base64url");
    return `${HEADER}.${payload}.${signature}`;
  };
}
