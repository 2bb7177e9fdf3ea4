import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { QueryPlanner, type PlanNode, type QueryPlan } from "@apollo/query-planner";
import { parse } from "graphql";

/**
 * How many subgraph requests one operation should cost: the fetches in the query plan @apollo/query-planner makes
 * for it (the planner both gateways use). The bench compares this with what the subgraphs really received.
 */
export function planFetchCount(supergraphSdl: string, query: string, operationName?: string): number {
  const supergraph = Supergraph.build(supergraphSdl);
  const operation = operationFromDocument(supergraph.schema.toAPISchema(), parse(query), { operationName });
  const plan: QueryPlan = new QueryPlanner(supergraph).buildQueryPlan(operation);
  return plan.node && plan.node.kind !== "Subscription" ? fetches(plan.node) : 0;
}

function fetches(node: PlanNode): number {
  switch (node.kind) {
    case "Fetch":
      return 1;
    case "Flatten":
      return fetches(node.node);
    case "Sequence":
    case "Parallel":
      return node.nodes.reduce((sum, child) => sum + fetches(child), 0);
    default:
      throw new Error(`query plan node ${node.kind} is not counted by the bench`);
  }
}
