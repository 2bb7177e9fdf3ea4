import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestListener } from "@apollo/server";
import {
  execute,
  NoSchemaIntrospectionCustomRule,
  GraphQLError,
  Kind,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { ErrorCode } from "../../lib/errors.js";
import type { GatewayContext } from "../context.js";
import { SANDBOX_CLIENT } from "./persisted-queries.js";

export interface ContractOptions {
  /** The contract's schema, once the supergraph is loaded (null before). */
  schema: () => GraphQLSchema | null;
  /**
   * INTROSPECTION. When false, the full graph refuses introspection (Apollo's own switch stays on, so that partners
   * keep introspecting their contract: it is their documentation); a staff member in the sandbox still may.
   */
  introspection?: boolean;
}

/**
 * Requests under a contract (the partner endpoint, or any request made with a partner key) may use only the
 * contract's schema: the whole document is validated against it (fields reached through fragments, inline fragments
 * and aliases alike), and introspection, wherever in the operation it is asked, is answered from it, so a partner can
 * neither query nor discover anything outside the contract.
 */
export function contract(options: ContractOptions): ApolloServerPlugin<GatewayContext> {
  const refuse = (message: string, nodes?: GraphQLError["nodes"]) =>
    new GraphQLError(message, { nodes, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } } });
  // No per-request state: every request under a contract gets the same hooks, the others none at all.
  const hooks: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ document, operation }) {
      const schema = options.schema();
      if (!schema) throw new GraphQLError("The graph is still loading.", { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } });
      // graphql-js 16 validation does not check that the schema has the operation's root type at all.
      if (!operation || !schema.getRootType(operation.operation)) {
        throw refuse(`The partner contract has no ${operation?.operation ?? "such"} operations.`);
      }
      // Introspection rides along with data only outside a contract: mixed, it would be answered from the full graph.
      if (rootsOf(document, operation) === "mixed") throw refuse("Ask for introspection and data in separate operations.");
      // Suggestions would name fields the contract does not have.
      const [first] = validate(schema, document, undefined, { hideSuggestions: true });
      if (first) throw refuse(first.message, first.nodes);
    },
    async responseForOperation({ operation, document, request }) {
      if (rootsOf(document, operation) !== "introspection") return null;
      const result = await execute({
        schema: options.schema()!,
        document,
        operationName: request.operationName,
        variableValues: request.variables,
      });
      return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: result } };
    },
  };
  // Apollo keeps one parsed document per distinct query, so each is looked at once, not on every request.
  const introspects = new WeakMap<DocumentNode, GraphQLError | null>();
  const noIntrospection: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ document, schema }) {
      let found = introspects.get(document);
      if (found === undefined) {
        const [first] = validate(schema, document, [NoSchemaIntrospectionCustomRule]);
        introspects.set(document, (found = first ?? null));
      }
      if (found) throw refuse(found.message, found.nodes);
    },
  };
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.contract) return hooks;
      if (options.introspection !== false) return undefined;
      const staff = contextValue.viewer.kind === "associate" || contextValue.viewer.kind === "agent";
      return staff && contextValue.client.name === SANDBOX_CLIENT ? undefined : noIntrospection;
    },
  };
}

type Roots = "data" | "introspection" | "mixed";

/** What an operation's top-level fields are, by document: a partner's repeated operation is looked at once. */
const rootKinds = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Roots>>();

function rootsOf(document: DocumentNode, operation: OperationDefinitionNode): Roots {
  let byOperation = rootKinds.get(document);
  if (!byOperation) rootKinds.set(document, (byOperation = new Map()));
  let roots = byOperation.get(operation);
  if (!roots) byOperation.set(operation, (roots = classifyRoots(document, operation)));
  return roots;
}

/**
 * Whether the operation's top-level fields, through every fragment and inline fragment and whatever their aliases,
 * ask for introspection (`__schema`, `__type`; `__typename` goes with either), data, or both. Each fragment once.
 */
function classifyRoots(document: DocumentNode, operation: OperationDefinitionNode): Roots {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let introspection = false;
  let data = false;
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === "__schema" || name === "__type") introspection = true;
        else if (name !== "__typename") data = true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return introspection && data ? "mixed" : introspection ? "introspection" : "data";
}
