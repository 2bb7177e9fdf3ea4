import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import {
  GraphQLError,
  Kind,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { OperationLimitsConfig } from "../../lib/config.js";
import { ErrorCode } from "../../lib/errors.js";
import type { GatewayContext } from "../context.js";

/** Depth, aliases, tokens, root fields and directives: LIMIT_* in lib/config.ts. */
export type OperationLimitsOptions = OperationLimitsConfig;

/** What to answer instead of running an operation over a limit. */
interface Refusal {
  code: ErrorCode;
  message: string;
}

/**
 * Refuses operations shaped to exhaust the graph, before a query plan is made: too deep, too many aliases, root
 * fields or directives (graphql-armor's rules, which measure each fragment once however often it is spread), or a
 * document with more tokens than LIMIT_MAX_TOKENS (graphql-js stops parsing there: see `parseOptions` in
 * gateway/server.ts; this plugin gives that refusal its own code). Introspection is measured like everything else.
 */
export function operationLimits(options: OperationLimitsOptions): ApolloServerPlugin<GatewayContext> {
  // No per-request state: every request gets the same hooks rather than a new object and closure.
  const hooks: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ document, operation, schema }) {
      if (!operation) return;
      const refusal = refusalOnce(document, operation, schema, options);
      if (refusal) throw limitError(refusal);
    },
    async willSendResponse({ errors, response }) {
      // Parsing stopped at the token limit: Apollo reports any parse failure as GRAPHQL_PARSE_FAILED.
      if (!errors || errors.length !== 1 || response.body.kind !== "single") return;
      if (!TOKEN_LIMIT.test(errors[0].message)) return;
      const [formatted] = response.body.singleResult.errors ?? [];
      if (!formatted || formatted.extensions?.code !== ErrorCode.GRAPHQL_PARSE_FAILED) return;
      response.body.singleResult.errors = [
        {
          message: `The document has more than ${options.maxTokens} tokens; at most ${options.maxTokens} are accepted.`,
          extensions: { code: ErrorCode.MAX_TOKENS_EXCEEDED },
        },
      ];
    },
  };
  return {
    async requestDidStart() {
      return hooks;
    },
  };
}

/** graphql-js's message when parsing stops at `maxTokens` (16.x spells "more that"). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

function limitError(refusal: Refusal): GraphQLError {
  return new GraphQLError(refusal.message, { extensions: { code: refusal.code, http: { status: 400 } } });
}

/**
 * Verdicts on documents already measured, by operation. Apollo keeps one parsed document per distinct query text
 * (its document store), so a client's repeated operation is measured once; entries go when the document does.
 */
const verdicts = new WeakMap<DocumentNode, Map<OperationDefinitionNode, Refusal | null>>();

function refusalOnce(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  schema: GraphQLSchema,
  options: OperationLimitsOptions,
): Refusal | null {
  let byOperation = verdicts.get(document);
  if (!byOperation) verdicts.set(document, (byOperation = new Map()));
  let verdict = byOperation.get(operation);
  if (verdict === undefined) byOperation.set(operation, (verdict = refusalFor(document, operation, schema, options)));
  return verdict;
}

/** The first limit the operation that will run breaks, or null: only that operation counts, with its fragments. */
export function refusalFor(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  schema: GraphQLSchema,
  options: OperationLimitsOptions,
): Refusal | null {
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  const rootFields = countRootFields(operation.selectionSet, new Map(fragments.map((f) => [f.name.value, f])));
  if (rootFields > options.maxRootFields) {
    return {
      code: ErrorCode.MAX_ROOT_FIELDS_EXCEEDED,
      message: `The operation asks for ${rootFields} top-level fields; at most ${options.maxRootFields} are accepted.`,
    };
  }
  let refusal: Refusal | null = null;
  // Armor reports "<limit> of N exceeded, found M"; the first limit broken is the one named.
  const onReject = (code: ErrorCode): GraphQLArmorRejectCallback[] => [
    (_context, error) => {
      refusal ??= { code, message: `${error.message.replace(/^Syntax Error: /, "")} The operation was not run.` };
    },
  ];
  const common = { propagateOnRejection: false, exposeLimits: true };
  validate(schema, { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }, [
    // A fragment is not a level of its own; introspection nests like anything else.
    maxDepthRule({
      ...common,
      n: options.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: false,
      onReject: onReject(ErrorCode.MAX_DEPTH_EXCEEDED),
    }),
    maxAliasesRule({ ...common, n: options.maxAliases, onReject: onReject(ErrorCode.MAX_ALIASES_EXCEEDED) }),
    maxDirectivesRule({ ...common, n: options.maxDirectives, onReject: onReject(ErrorCode.MAX_DIRECTIVES_EXCEEDED) }),
  ]);
  return refusal;
}

/** Top-level fields, fragments and inline fragments at the top included; each fragment counted once, then reused. */
function countRootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): number {
  const counted = new Map<string, number>();
  const count = (selections: SelectionSetNode): number => {
    let total = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) total++;
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += count(selection.selectionSet);
      else {
        const name = selection.name.value;
        let known = counted.get(name);
        if (known === undefined) {
          // A cycle is refused by validation; here it only must not recurse forever.
          counted.set(name, 0);
          const fragment = fragments.get(name);
          known = fragment ? count(fragment.selectionSet) : 0;
          counted.set(name, known);
        }
        total += known;
      }
    }
    return total;
  };
  return count(set);
}
