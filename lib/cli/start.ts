import "reflect-metadata";
import { createGateway } from "../../gateway/server.js";
import { SUBGRAPHS } from "../../subgraphs/registry.js";
import { loadConfig, SUBGRAPH_NAMES } from "../config.js";
import { createLogger } from "../logger.js";
import { serveSubgraph, type RunningSubgraph } from "../subgraph.js";
import { onShutdown } from "./args.js";

// `npm start`: the four subgraphs and the gateway in one process, on the embedded in-memory default with seeded demo
// data, each subgraph still a real HTTP service on its own port.
const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel });
const subgraphs: RunningSubgraph[] = [];
for (const name of SUBGRAPH_NAMES) {
  subgraphs.push(
    await serveSubgraph(await SUBGRAPHS[name](), {
      port: config.subgraphs[name].port,
      host: config.host,
      logger,
      maxBodyBytes: config.maxBodyBytes,
      introspection: config.introspection,
    }),
  );
}
const gateway = await createGateway(config, { logger }).listen();

const example1 = `{ searchProducts(query: "jacket", first: 3) { totalCount nodes { title brand priceRange { min { amount currencyCode } } } facets { name values { value count } } } }`;
const example2 = `{ customer(id: "cust-001") { firstName loyalty { tier points } orders(first: 2) { nodes { number channel total { amount } lines { quantity variant { title product { title } stockAt(locationId: "store-01") { availableToPromise } } } } } } }`;
console.log(`
Omnigraph is running on the embedded in-memory default with seeded demo data.

  GraphQL endpoint:  ${gateway.url}
  Health:            ${gateway.origin}/health
  Subgraphs:         ${subgraphs.map((s, i) => `${SUBGRAPH_NAMES[i]} ${s.url}`).join(", ")}

Try:
  curl -s ${gateway.url} -H 'content-type: application/json' \\
    -d '${JSON.stringify({ query: example1 })}'

  curl -s ${gateway.url} -H 'content-type: application/json' \\
    -d '${JSON.stringify({ query: example2 })}'

Ctrl-C stops everything.
`);

onShutdown(
  async () => {
    await gateway.close();
    await Promise.all(subgraphs.map((s) => s.close()));
  },
  (message) => console.log(message),
);
