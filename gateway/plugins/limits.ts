import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode } from "graphql";
import { ErrorCode } from "../../lib/errors.js";
import type { GatewayContext } from "../context.js";

export interface QueryLimitsOptions {
  /** Deepest selection nesting accepted; the customer-360 query needs about 8. */
  maxDepth: number;
  /** Most aliased fields in one operation: aliases are how one request asks for the same expensive field many times. */
  maxAliases: number;
}

export const queryLimitsDefaults: QueryLimitsOptions = { maxDepth: 15, maxAliases: 30 };

/**
 * Refuses operations deeper or more aliased than any client needs, before a query plan is made: a cheap guard
 * against requests built to exhaust the subgraphs. Introspection is measured like everything else.
 */
export function queryLimits(options: QueryLimitsOptions = queryLimitsDefaults): ApolloServerPlugin<GatewayContext> {
  const refuse = (message: string) =>
    new GraphQLError(message, { extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } } });
  // No per-request state: every request gets the same hooks rather than a new object and closure.
  const hooks: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ document, operationName }) {
      const { depth, aliases } = measureOnce(document, operationName ?? null);
      if (depth > options.maxDepth) throw refuse(`The operation is nested ${depth} levels deep; at most ${options.maxDepth} are accepted.`);
      if (aliases > options.maxAliases) throw refuse(`The operation uses ${aliases} aliases; at most ${options.maxAliases} are accepted.`);
    },
  };
  return {
    async requestDidStart() {
      return hooks;
    },
  };
}

/**
 * Measures of documents already seen, by operation name. Apollo keeps one parsed document per distinct query text
 * (its document store), so a client's repeated operation is walked once; entries go when the document does.
 */
const measured = new WeakMap<DocumentNode, Map<string | null, { depth: number; aliases: number }>>();

function measureOnce(document: DocumentNode, operationName: string | null): { depth: number; aliases: number } {
  let byOperation = measured.get(document);
  if (!byOperation) measured.set(document, (byOperation = new Map()));
  let result = byOperation.get(operationName);
  if (!result) byOperation.set(operationName, (result = measure(document, operationName)));
  return result;
}

/** Depth and alias count of the operation that will run, fragments followed (each fragment once per path). */
export function measure(document: DocumentNode, operationName: string | null): { depth: number; aliases: number } {
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
  }
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (operationName === null || d.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return { depth: 0, aliases: 0 };
  let aliases = 0;
  const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): number => {
    let deepest = depth;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases++;
        if (selection.selectionSet) deepest = Math.max(deepest, walk(selection.selectionSet, depth + 1, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, walk(selection.selectionSet, depth, seen));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment spread inside itself is rejected by validation; here it just stops the walk.
        if (fragment && !seen.has(name)) deepest = Math.max(deepest, walk(fragment, depth, new Set([...seen, name])));
      }
    }
    return deepest;
  };
  return { depth: walk(operation.selectionSet, 1, new Set()), aliases };
}
