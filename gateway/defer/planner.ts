import { createRequire } from "node:module";
import type { DocumentNode, GraphQLSchema } from "graphql";
import type { QueryPlan } from "@apollo/query-planner";

// The planner and schema model @apollo/gateway itself runs on, resolved from it so both are the pinned version it
// was built with (they are its dependencies, not ours).
const require = createRequire(createRequire(import.meta.url).resolve("@apollo/gateway"));
const federation = require("@apollo/federation-internals") as {
  Supergraph: { build(sdl: string): { schema: { toGraphQLJSSchema(): GraphQLSchema }; apiSchema(): unknown } };
  operationFromDocument(schema: unknown, document: DocumentNode, options: { operationName?: string }): unknown;
};
const queryPlanner = require("@apollo/query-planner") as {
  QueryPlanner: new (supergraph: unknown, config: unknown) => { buildQueryPlan(operation: unknown): QueryPlan };
};

/** Plans kept per supergraph: deferred operations are few (one per screen that uses @defer), their plans costly. */
const MAX_PLANS = 500;

/**
 * A second query planner, with defer support on, for the served supergraph. The gateway's own planner keeps it off,
 * so no other operation's plan changes; this one is built on the first deferred operation after a supergraph loads.
 */
export class DeferPlanner {
  /** The supergraph as @apollo/gateway's executor reads it (requires, rewrites). */
  readonly supergraphSchema: GraphQLSchema;
  /** The API schema in the same model: what the executor shapes answers by. */
  readonly apiSchema: unknown;
  private readonly planner: { buildQueryPlan(operation: unknown): QueryPlan };
  private readonly plans = new Map<string, QueryPlan>();

  /** `graphqlSchema` is the served API schema (introspection inside a deferred operation is answered from it). */
  constructor(
    supergraphSdl: string,
    readonly graphqlSchema: GraphQLSchema,
  ) {
    const supergraph = federation.Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.apiSchema = supergraph.apiSchema();
    this.planner = new queryPlanner.QueryPlanner(supergraph, { incrementalDelivery: { enableDefer: true } });
  }

  /** The plan of `document` (every active @defer labelled), kept under `key`. */
  plan(key: string, document: DocumentNode, operationName: string | undefined): QueryPlan {
    const known = this.plans.get(key);
    if (known) return known;
    const operation = federation.operationFromDocument(this.apiSchema, document, { operationName });
    const plan = this.planner.buildQueryPlan(operation);
    // Oldest first out: a Map iterates in insertion order.
    if (this.plans.size >= MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(key, plan);
    return plan;
  }
}
