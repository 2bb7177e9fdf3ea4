import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLNonNull, GraphQLSchema, GraphQLString } from "graphql";

/**
 * `@defer` as the incremental-delivery proposal declares it. graphql-js 16 has no such directive and the supergraph's
 * API schema leaves it out, so a client's deferred operation would fail validation ("Unknown directive") before
 * reaching the gateway's executor: the served schema, the partner contract and introspection declare it.
 */
export const deferDirective = new GraphQLDirective({
  name: "defer",
  description:
    "Delivers this fragment's fields after the rest of the answer, in a later part of a `multipart/mixed; deferSpec=20220824` " +
    "response, when the request's Accept header allows it; otherwise the answer comes whole, as if there were no @defer. " +
    "Queries only.",
  locations: [DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT],
  args: {
    if: {
      type: new GraphQLNonNull(GraphQLBoolean),
      defaultValue: true,
      description: "Deferred only when true; false delivers the fragment with the rest of the answer.",
    },
    label: {
      type: GraphQLString,
      description: "Names the fragment's part in the response (`incremental[].label`); unique within the operation, a literal string.",
    },
  },
});

const declared = new WeakMap<GraphQLSchema, GraphQLSchema>();

/** The schema with @defer declared (the same schema when it already is); one copy per schema, however often asked. */
export function withDeferDirective(schema: GraphQLSchema): GraphQLSchema {
  if (schema.getDirective("defer")) return schema;
  let copy = declared.get(schema);
  if (!copy) {
    const config = schema.toConfig();
    copy = new GraphQLSchema({ ...config, directives: [...config.directives, deferDirective] });
    declared.set(schema, copy);
  }
  return copy;
}
