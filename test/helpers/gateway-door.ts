import { afterAll, beforeAll } from "vitest";
import type { RunningGateway } from "../../gateway/server.js";
import { createLogger } from "../../lib/logger.js";
import { startGraph, type GraphDeps, type TestGraph } from "./graph.js";
import { gatewayInFront } from "./subgraph-proxy.js";
import { committedSupergraph } from "./supergraph.js";

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
    supergraphSdl = await committedSupergraph();
    door = (await gatewayInFront(graph, { env: DOOR_ENV, logger, supergraphSdl })).gateway;
  });
  afterAll(async () => {
    await door?.close();
    await graph?.close();
  });
}
