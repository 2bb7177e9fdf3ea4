import "reflect-metadata";
import { installLeanResultShaping } from "../gateway/result-shaping.js";
import { createGateway } from "../gateway/server.js";
import { serveFromEnv } from "../subgraphs/registry.js";
import { DEMO_API_KEYS } from "../lib/auth/api-keys.js";
import { signPersonToken } from "../lib/auth/people.js";
import { resolveAuth } from "../lib/auth/secrets.js";
import { loadConfig, processEnvironment, SUBGRAPH_NAMES } from "../lib/config.js";
import { demoPricingLines } from "../lib/demo/promotions.js";
import { RedisKeyValueCache } from "../lib/redis-cache.js";
import { openBackend } from "./backend.js";
import { createLogger } from "../lib/logger.js";
import type { RunningSubgraph } from "../lib/subgraph.js";
import { onShutdown } from "./args.js";

// `npm start`: the four subgraphs and the gateway in one process, on the embedded in-memory default with seeded demo
// data, each subgraph still a real HTTP service on its own port.
const config = loadConfig(processEnvironment());
// As gateway/main.ts does: answers shaped by our leaner computeResponse.
installLeanResultShaping();
const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel });
const auth = await resolveAuth(config);
// In memory, one process and one bus carry the order subgraph's events to the customer subgraph; on Redis, streams.
const backend = openBackend(config, logger);
const { bus, redis } = backend;
const subgraphs: RunningSubgraph[] = [];
for (const name of SUBGRAPH_NAMES) subgraphs.push(await serveFromEnv(name, { config, auth, bus, logger, redis }));
// The gateway goes where these subgraphs listen (an explicit <NAME>_URL still wins, e.g. a proxy in front), not
// where the supergraph file says.
const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, config.subgraphs[name].urlOverride ?? subgraphs[i].url]));
// The same bus carries the subgraphs' stock events to the gateway's response cache.
const gateway = await createGateway(config, {
  logger,
  auth,
  redis,
  bus,
  subgraphUrls,
  cache: redis ? new RedisKeyValueCache(redis) : undefined,
}).listen();
const customerToken = auth.jwtSecret ? await signPersonToken(auth.jwtSecret, { sub: "cust-001", role: "customer" }, auth) : null;

const example1 = `{ searchProducts(query: "jacket", first: 3) { totalCount nodes { title brand priceRange { min { amount currencyCode } } } facets { name values { value count } } } }`;
const example2 = `{ me { firstName loyalty { tier points } orders(first: 2) { nodes { number channel total { amount } lines { quantity variant { title product { title } stockAt(locationId: "store-01") { availableToPromise } } } } } } }`;
console.log(`
Omnigraph is running ${redis ? `on Redis (${config.redisUrl ?? config.redisClusterNodes?.join(",")}); load the demo data once with npm run seed` : "on the embedded in-memory default with seeded demo data"}.

  Sandbox:           ${gateway.origin}/sandbox          (GraphiQL, served offline)
  GraphQL endpoint:  ${gateway.url}
  Partner contract:  ${gateway.origin}/partner/graphql
  Health:            ${gateway.origin}/health
  Subgraphs:         ${subgraphs.map((s, i) => `${SUBGRAPH_NAMES[i]} ${s.url}`).join(", ")}

Try:
  curl -s ${gateway.url} -H 'content-type: application/json' \\
    -d '${JSON.stringify({ query: example1 })}'

  curl -s ${gateway.url} -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${customerToken ?? "<token from your identity provider>"}' \\
    -d '${JSON.stringify({ query: example2 })}'

Sign in as someone else:  npm run token -- <customer|associate|agent> <id> [storeId]
                          e.g. npm run token -- associate assoc-001 store-01
Demo API keys (x-api-key): partner ${auth.apiKeys.length && config.auth.apiKeys === undefined ? DEMO_API_KEYS.partner.key : "(configured in API_KEYS)"}
                           kiosk at store-01 ${config.auth.apiKeys === undefined ? DEMO_API_KEYS.kiosk.key : "(configured in API_KEYS)"}

What the shopper pays (Cart.cost): ${demoPricingLines().join("\n                           ")}
  Tax: ${
    Object.keys(config.taxRates).length
      ? Object.entries(config.taxRates)
          .map(([state, bps]) => `${state} ${bps / 100}%`)
          .join(", ")
      : "none (set TAX_RATES, e.g. TAX_RATES=IL:625)"
  }; a loyalty point is worth ${config.loyaltyPointValueCents} cent(s).

Ctrl-C stops everything.
`);

onShutdown(
  async () => {
    // The gateway first, letting its requests finish, while the subgraphs they need are still up.
    await gateway.close({ graceMs: config.shutdownGraceMs });
    await Promise.all(subgraphs.map((s) => s.close()));
    await backend.close();
  },
  (message) => console.log(message),
  { timeoutMs: config.shutdownGraceMs + 5_000 },
);
