import { readFile } from "node:fs/promises";
import { afterAll, beforeAll } from "vitest";
import { createGateway, type RunningGateway } from "../../gateway/server.js";
import { loadConfig, SUBGRAPH_NAMES } from "../../lib/config.js";
import { createLogger } from "../../lib/logger.js";
import { startGraph, type GraphDeps, type TestGraph } from "./graph.js";

/** What the gateway's door tests share: a graph, and a second gateway on its subgraphs with small limits. */

export let graph: TestGraph;
/** A gateway on the same subgraphs with small limits, so abuse is refused quickly. */
export let door: RunningGateway;
export let supergraphSdl: string;
export const logger = createLogger({ level: "silent" });

const DOOR_ENV = {
  OMNIGRAPH_ENV: "test",
  HOST: "127.0.0.1",
  MAX_BODY_BYTES: "65536",
  MAX_HEADER_BYTES: "4096",
  HEADERS_TIMEOUT_MS: "500",
  REQUEST_TIMEOUT_MS: "1000",
  CORS_ORIGINS: "https://shop.example.com, http://localhost:*",
};

/** Starts the graph (on `deps` when given) and the door before the file's tests, and closes both after. */
export function useDoor(deps: GraphDeps = {}): void {
  beforeAll(async () => {
    graph = await startGraph(deps);
    supergraphSdl = await readFile(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8");
    door = await createGateway(loadConfig(DOOR_ENV), {
      auth: graph.auth,
      logger,
      supergraphSdl,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, graph.subgraphs[name].url])),
    }).listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await door?.close();
    await graph?.close();
  });
}
