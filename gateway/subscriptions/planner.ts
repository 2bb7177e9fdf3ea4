import { createRequire } from "node:module";
import { Kind, parse, print, type DocumentNode, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { FetchNode, PlanNode, QueryPlan, SubscriptionNode } from "@apollo/query-planner";

// As gateway/defer/planner.ts: the planner and schema model @apollo/gateway runs on, resolved from it.
const require = createRequire(createRequire(import.meta.url).resolve("@apollo/gateway"));
const federation = require("@apollo/federation-internals") as {
  Supergraph: { build(sdl: string): { schema: { toGraphQLJSSchema(): GraphQLSchema }; apiSchema(): unknown } };
  operationFromDocument(schema: unknown, document: DocumentNode, options: { operationName?: string }): unknown;
};
const queryPlanner = require("@apollo/query-planner") as {
  QueryPlanner: new (supergraph: unknown, config?: unknown) => { buildQueryPlan(operation: unknown): QueryPlan };
};

/**
 * The variable carrying the domain event to the owning subgraph's root field, as its `event` argument. That argument
 * is @inaccessible: composed, but absent from the API schema, so no client can set it; only the gateway does, per
 * event, on the fetch it sends with the subscriber's signed identity.
 */
export const EVENT_VARIABLE = "omnigraphSubscriptionEvent";

/** A subscription's plan: the owning subgraph's fetch (with the event) and what the rest of the graph adds. */
export interface SubscriptionPlan {
  /** The fetch of the subscription field from the subgraph that owns it, its root field given `event: $…`. */
  primary: FetchNode;
  /** Entity fetches of the other subgraphs' fields, run after `primary` like any query plan's. */
  rest: PlanNode | undefined;
  /** The fetch without the event, run once when the subscription starts: the owner's access rules say yes or no. */
  probe: FetchNode;
}

/** Plans kept per supergraph: clients subscribe with a few operations, each planned once. */
const MAX_PLANS = 500;

/** A query planner for the served supergraph, planning subscriptions (SubscriptionNode: primary and rest). */
export class SubscriptionPlanner {
  /** The supergraph as @apollo/gateway's executor reads it. */
  readonly supergraphSchema: GraphQLSchema;
  /** The API schema in the planner's model: what the executor shapes answers by. */
  readonly apiSchema: unknown;
  private readonly planner: { buildQueryPlan(operation: unknown): QueryPlan };
  private readonly plans = new Map<string, SubscriptionPlan>();

  constructor(supergraphSdl: string) {
    const supergraph = federation.Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.apiSchema = supergraph.apiSchema();
    this.planner = new queryPlanner.QueryPlanner(supergraph);
  }

  /** The plan of a validated subscription document, kept under `key`. */
  plan(key: string, document: DocumentNode, operationName: string | undefined): SubscriptionPlan {
    const known = this.plans.get(key);
    if (known) return known;
    const operation = federation.operationFromDocument(this.apiSchema, document, { operationName });
    const node = this.planner.buildQueryPlan(operation).node;
    if (node?.kind !== "Subscription") throw new Error(`a subscription was planned as ${node?.kind ?? "nothing"}`);
    const { primary, rest } = node as SubscriptionNode;
    const plan: SubscriptionPlan = { primary: withEventArgument(primary), rest, probe: primary };
    if (this.plans.size >= MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
    this.plans.set(key, plan);
    return plan;
  }
}

/** The fetch with `event: $omnigraphSubscriptionEvent` on its one root field and the variable declared. */
function withEventArgument(fetch: FetchNode): FetchNode {
  const document = parse(fetch.operation);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const variable = { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: EVENT_VARIABLE } } as const;
  const rewritten: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []),
      { kind: Kind.VARIABLE_DEFINITION, variable, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: "String" } } },
    ],
    selectionSet: {
      ...operation.selectionSet,
      selections: operation.selectionSet.selections.map((selection) =>
        selection.kind === Kind.FIELD && !selection.name.value.startsWith("__")
          ? ({
              ...selection,
              arguments: [
                ...(selection.arguments ?? []),
                { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "event" }, value: variable },
              ],
            } satisfies FieldNode)
          : selection,
      ),
    },
  };
  return {
    ...fetch,
    operation: print({ ...document, definitions: document.definitions.map((d) => (d === operation ? rewritten : d)) }),
    variableUsages: [...(fetch.variableUsages ?? []), EVENT_VARIABLE],
    operationDocumentNode: undefined,
  };
}
