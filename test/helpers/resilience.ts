import { afterAll, afterEach, beforeAll } from "vitest";
import type { SubgraphName } from "../../lib/config.js";
import { startGraph, type GraphQLAnswer, type TestGraph } from "./graph.js";
import { gatewayInFront, startSubgraphProxy, type GatewayInFront, type SubgraphProxy } from "./subgraph-proxy.js";

/**
 * What the resilience stories share: the test graph, proxies we control in front of its subgraphs and gateways of
 * their own in front of those, all closed after each story.
 */

export let graph: TestGraph;
const cleanups: (() => Promise<unknown>)[] = [];

/** Starts the file's graph before its stories and closes every proxy and gateway a story started after it. */
export function useResilienceGraph(): void {
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });
  afterAll(() => graph?.close());
}

/** A proxy in front of the real subgraph `name`, closed after each story. */
export async function proxyTo(name: SubgraphName, behave: SubgraphProxy["behave"] = () => "pass"): Promise<SubgraphProxy> {
  const proxy = await startSubgraphProxy(graph.subgraphs[name].url);
  proxy.behave = behave;
  cleanups.push(() => proxy.close());
  return proxy;
}

export interface TestGateway extends GatewayInFront {
  ready(): Promise<{ status: number; body: { degraded?: string[] } }>;
  metrics(): Promise<string>;
}

/** A gateway of its own, configured by `env`, in front of the test graph's subgraphs, some of them behind proxies. */
export async function gatewayWith(
  env: Record<string, string>,
  proxies: Partial<Record<SubgraphName, { url: string }>>,
): Promise<TestGateway> {
  // No response cache: these stories are about what reaches the subgraphs, and a cached answer would reach none.
  const front = await gatewayInFront(graph, { env: { RESPONSE_CACHE: "off", ...env }, proxies });
  cleanups.push(() => front.gateway.close());
  return {
    ...front,
    async ready() {
      const response = await fetch(`${front.gateway.origin}/ready`);
      return { status: response.status, body: (await response.json()) as { degraded?: string[] } };
    },
    metrics: async () => (await fetch(`${front.gateway.origin}/metrics`)).text(),
  };
}

export const PRODUCT_PAGE = /* GraphQL */ `
  {
    product(handle: "harbor-and-pine-cozy-tee") {
      title
      variants {
        sku
        stockAt(locationId: "store-01") {
          availableToPromise
        }
      }
    }
  }
`;
export const TITLE = `{ product(handle: "harbor-and-pine-cozy-tee") { title } }`;

export function codes(answer: GraphQLAnswer): unknown[] {
  return (answer.body.errors ?? []).map((error) => error.extensions?.code);
}

export async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}
