import "reflect-metadata";
import { resolveAuth } from "../lib/auth/secrets.js";
import { loadConfig } from "../lib/config.js";
import { onShutdown, parseArgs } from "../lib/cli/args.js";
import { createLogger } from "../lib/logger.js";
import { createGateway } from "./server.js";

// The gateway's only entry point with side effects: `npm run start:gateway -- [--supergraph FILE] [--port N]`.
const { flags } = parseArgs(process.argv.slice(2), ["supergraph", "port", "host"]);
const config = loadConfig({
  ...process.env,
  ...(flags.supergraph ? { SUPERGRAPH_PATH: flags.supergraph } : {}),
  ...(flags.port ? { PORT: flags.port } : {}),
  ...(flags.host ? { HOST: flags.host } : {}),
});
const logger = createLogger({ level: config.logLevel });
const auth = await resolveAuth(config);
const gateway = await createGateway(config, { logger, auth }).listen();
onShutdown(() => gateway.close(), (message) => logger.info(message));
