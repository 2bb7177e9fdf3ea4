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
  QueryPlanner: new (supergraph: unknown, config?: unknown) => { buildQueryPlan(operation: unknown): QueryPlan };
};

/**
 * A supergraph in the planner's model, with a query planner of its own beside the gateway's: @defer's (defer support
 * on) and subscriptions' (gateway/defer/planner.ts, gateway/subscriptions/planner.ts). Plans are kept by key, the
 * oldest dropped first past `maxPlans`.
 */
export class SupergraphPlanner<T> {
  /** The supergraph as @apollo/gateway's executor reads it (requires, rewrites). */
  readonly supergraphSchema: GraphQLSchema;
  /** The API schema in the same model: what the executor shapes answers by. */
  readonly apiSchema: unknown;
  private readonly planner: { buildQueryPlan(operation: unknown): QueryPlan };
  private readonly plans = new Map<string, T>();

  constructor(
    supergraphSdl: string,
    private readonly maxPlans: number,
    plannerConfig?: unknown,
  ) {
    const supergraph = federation.Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.apiSchema = supergraph.apiSchema();
    this.planner = new queryPlanner.QueryPlanner(supergraph, plannerConfig);
  }

  /** The plan of a validated document's operation, made into a `T` by `finish` and kept under `key`. */
  plan(key: string, document: DocumentNode, operationName: string | undefined, finish: (plan: QueryPlan) => T): T {
    const known = this.plans.get(key);
    if (known) return known;
    const operation = federation.operationFromDocument(this.apiSchema, document, { operationName });
    const plan = finish(this.planner.buildQueryPlan(operation));
    // Oldest first out: a Map iterates in insertion order.
    if (this.plans.size >= this.maxPlans) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(key, plan);
    return plan;
  }
}
