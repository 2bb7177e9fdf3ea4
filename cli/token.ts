import { PERSON_ROLES, signPersonToken, type PersonRole } from "../lib/auth/people.js";
import { resolveAuth } from "../lib/auth/secrets.js";
import { loadConfig, processEnvironment } from "../lib/config.js";

// `npm run token -- <customer|associate|agent> <id> [storeId]`: a signed token to try the graph with, valid 8 hours,
// accepted by a gateway started from this checkout (same AUTH_JWT_SECRET or the same .omnigraph/dev-secrets.json).
const [role, id, storeId] = process.argv.slice(2);
if (!PERSON_ROLES.includes(role as PersonRole) || !id || (role === "associate" && !storeId)) {
  console.error("usage: npm run token -- <customer|associate|agent> <id> [storeId]   (an associate needs a storeId)");
  console.error("   e.g. npm run token -- customer cust-001");
  console.error("        npm run token -- associate assoc-001 store-01");
  process.exit(2);
}
const config = loadConfig(processEnvironment());
const auth = await resolveAuth(config);
if (!auth.jwtSecret) {
  console.error("AUTH_JWKS_URL is set: tokens come from your identity provider, not from this command.");
  process.exit(2);
}
console.log(
  await signPersonToken(auth.jwtSecret, { sub: id, role: role as PersonRole, storeId }, { issuer: auth.issuer, audience: auth.audience }),
);
