import type { DocumentNode, GraphQLSchema } from "graphql";
import type { QueryPlan } from "@apollo/query-planner";
import { SupergraphPlanner } from "../query-planning.js";

/** Plans kept per supergraph: deferred operations are few (one per screen that uses @defer), their plans costly. */
const MAX_PLANS = 500;

/**
 * A second query planner, with defer support on, for the served supergraph. The gateway's own planner keeps it off,
 * so no other operation's plan changes; this one is built on the first deferred operation after a supergraph loads.
 */
export class DeferPlanner {
  private readonly planner: SupergraphPlanner<QueryPlan>;

  /** `graphqlSchema` is the served API schema (introspection inside a deferred operation is answered from it). */
  constructor(
    supergraphSdl: string,
    readonly graphqlSchema: GraphQLSchema,
  ) {
    this.planner = new SupergraphPlanner(supergraphSdl, MAX_PLANS, { incrementalDelivery: { enableDefer: true } });
  }

  /** The supergraph as @apollo/gateway's executor reads it (requires, rewrites). */
  get supergraphSchema(): GraphQLSchema {
    return this.planner.supergraphSchema;
  }

  /** The API schema in the same model: what the executor shapes answers by. */
  get apiSchema(): unknown {
    return this.planner.apiSchema;
  }

  /** The plan of `document` (every active @defer labelled), kept under `key`. */
  plan(key: string, document: DocumentNode, operationName: string | undefined): QueryPlan {
    return this.planner.plan(key, document, operationName, (plan) => plan);
  }
}
