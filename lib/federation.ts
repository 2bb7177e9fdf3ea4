import { buildSubgraphSchema } from "@apollo/subgraph";
import { MapperKind, mapSchema, printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type BuildSchemaOptions } from "type-graphql";
import { authChecker } from "./auth/access.js";
import { CACHE_CONTROL_SDL } from "./graphql/cache-control.js";
import { NO_PUBSUB } from "./graphql/subscriptions.js";

/**
 * The Federation 2 directives the subgraphs may use. v2.9 brings @cost and @listSize: what a field costs and how long
 * its lists are, which the gateway reads from the supergraph and each subgraph from its own schema (lib/cost.ts).
 */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@tag", "@inaccessible", "@external", "@requires", "@provides", "@override", "@cost", "@listSize"])`;

/** `__resolveReference` per entity type: how this subgraph turns a representation into its object. */
export type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any, info: any) => unknown }>;

/**
 * type-graphql → Federation 2 subgraph: build the code-first schema, print it with its directives (@key, @shareable,
 * @tag live on the AST nodes type-graphql keeps), then let @apollo/subgraph add _entities/_service and wire the
 * resolvers back in together with the reference resolvers.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, "skipCheck">,
  referenceResolvers: ReferenceResolvers = {},
): Promise<GraphQLSchema> {
  // Every subgraph enforces the same @Authorized rules (lib/auth/access.ts).
  // Subscription fields are resolved per event for the gateway, never streamed here (lib/graphql/subscriptions.ts).
  const built = await buildSchema({ authChecker, authMode: "error", pubSub: NO_PUBSUB, ...options, skipCheck: true, validate: false });
  // Parameter decorators run last to first, so type-graphql lists a field's arguments in reverse: put them back in the
  // order the resolver declares them, which is the order partners read in the schema.
  const schema = mapSchema(built, {
    [MapperKind.COMPOSITE_FIELD]: (field) =>
      field.args ? { ...field, args: Object.fromEntries(Object.entries(field.args).reverse()) } : field,
  });
  // @cacheControl is Apollo Server's, not Federation's: each subgraph declares it for its own hints.
  const typeDefs = parse(`${FEDERATION_LINK}\n${CACHE_CONTROL_SDL}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as Record<string, any>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference };
  }
  return buildSubgraphSchema({ typeDefs, resolvers });
}

/**
 * A subgraph's schema, built on the first call and the same object after: its resolvers are module-level and take
 * everything per request from the context, so one process needs it once however many instances it serves (tests
 * start dozens). A failed build is not kept.
 */
export function schemaOnce(build: () => Promise<GraphQLSchema>): () => Promise<GraphQLSchema> {
  let built: Promise<GraphQLSchema> | undefined;
  return () =>
    (built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    }));
}
