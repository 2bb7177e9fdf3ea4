import { Kind, parse, print, type DocumentNode, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { FetchNode, PlanNode, SubscriptionNode } from "@apollo/query-planner";
import { SupergraphPlanner } from "../query-planning.js";

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
  private readonly planner: SupergraphPlanner<SubscriptionPlan>;

  constructor(supergraphSdl: string) {
    this.planner = new SupergraphPlanner(supergraphSdl, MAX_PLANS);
  }

  /** The supergraph as @apollo/gateway's executor reads it. */
  get supergraphSchema(): GraphQLSchema {
    return this.planner.supergraphSchema;
  }

  /** The API schema in the planner's model: what the executor shapes answers by. */
  get apiSchema(): unknown {
    return this.planner.apiSchema;
  }

  /** The plan of a validated subscription document, kept under `key`. */
  plan(key: string, document: DocumentNode, operationName: string | undefined): SubscriptionPlan {
    return this.planner.plan(key, document, operationName, ({ node }) => {
      if (node?.kind !== "Subscription") throw new Error(`a subscription was planned as ${node?.kind ?? "nothing"}`);
      const { primary, rest } = node as SubscriptionNode;
      return { primary: withEventArgument(primary), rest, probe: primary };
    });
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
