import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestListener } from "@apollo/server";
import { execute, GraphQLError, Kind, validate, type GraphQLSchema } from "graphql";
import { ErrorCode } from "../../lib/errors.js";
import type { GatewayContext } from "../context.js";

export interface ContractOptions {
  /** The contract's schema, once the supergraph is loaded (null before). */
  schema: () => GraphQLSchema | null;
}

/**
 * Requests under a contract (the partner endpoint, or any request made with a partner key) may use only the
 * contract's schema: operations are validated against it, and introspection is answered from it, so a partner can
 * neither query nor discover anything outside the contract.
 */
export function contract(options: ContractOptions): ApolloServerPlugin<GatewayContext> {
  // No per-request state: every request under a contract gets the same hooks, the others none at all.
  const hooks: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ document, operation }) {
      const schema = options.schema();
      if (!schema) throw new GraphQLError("The graph is still loading.", { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } });
      // graphql-js 16 validation does not check that the schema has the operation's root type at all.
      if (!operation || !schema.getRootType(operation.operation)) {
        throw new GraphQLError(`The partner contract has no ${operation?.operation ?? "such"} operations.`, {
          extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } },
        });
      }
      // Introspection rides along with data only outside a contract: mixed, it would be answered from the full graph.
      const selections = operation.selectionSet.selections;
      const isIntrospection = (selection: (typeof selections)[number]) =>
        selection.kind === Kind.FIELD && (selection.name.value === "__schema" || selection.name.value === "__type");
      if (selections.some(isIntrospection) && !selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith("__"))) {
        throw new GraphQLError("Ask for introspection and data in separate operations.", {
          extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } },
        });
      }
      const [first] = validate(schema, document);
      if (first) {
        throw new GraphQLError(first.message, {
          nodes: first.nodes,
          extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } },
        });
      }
    },
    async responseForOperation({ operation, document, request }) {
      const introspectionOnly = operation.selectionSet.selections.every(
        (selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith("__"),
      );
      if (!introspectionOnly) return null;
      const result = await execute({
        schema: options.schema()!,
        document,
        operationName: request.operationName,
        variableValues: request.variables,
      });
      return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: result } };
    },
  };
  return {
    async requestDidStart({ contextValue }) {
      return contextValue.contract ? hooks : undefined;
    },
  };
}
