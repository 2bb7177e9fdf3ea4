import "reflect-metadata";
import { resolveAuth } from "../lib/auth/secrets.js";
import { loadConfig, processEnvironment, SUBGRAPH_NAMES, type SubgraphName } from "../lib/config.js";
import { openBackend } from "../cli/backend.js";
import { onShutdown } from "../cli/args.js";
import { createLogger } from "../lib/logger.js";
import { serveFromEnv } from "./registry.js";

// `npm run start:subgraph -- <name>`: one subgraph on its configured port (CATALOG_PORT, ...).
const name = process.argv[2] as SubgraphName;
if (!SUBGRAPH_NAMES.includes(name)) {
  console.error(`usage: npm run start:subgraph -- <${SUBGRAPH_NAMES.join("|")}>`);
  process.exit(2);
}
const config = loadConfig(processEnvironment());
const logger = createLogger({ level: config.logLevel });
const auth = await resolveAuth(config);
// Without Redis the bus is this process's own: events reach subgraphs started in other processes only on Redis.
const backend = openBackend(config, logger);
const running = await serveFromEnv(name, { config, auth, bus: backend.bus, logger, redis: backend.redis });
logger.info("subgraph listening", { service: name, url: running.url });
onShutdown(
  async () => {
    await running.close();
    await backend.close();
  },
  (message) => logger.info(message),
);
