import type { DomainEvent } from "../../lib/events.js";
import { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";
import { startGraph, type TestGraph } from "./graph.js";

/**
 * A graph whose order subgraph charges test payments of its own, and whose bus is followed by consumer `group`
 * pushing every event into `published` (emptied first): what the commerce stories start, one per file.
 */
export async function startRecordingGraph(
  group: string,
  published: DomainEvent[],
): Promise<{ graph: TestGraph; payments: TestPaymentProvider }> {
  const payments = new TestPaymentProvider();
  published.length = 0;
  const graph = await startGraph({ order: { payments } });
  graph.bus.subscribe(group, async (event) => void published.push(event));
  return { graph, payments };
}
