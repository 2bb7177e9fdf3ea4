import { createRequire } from "node:module";
import {
  findBreakingChanges,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from "graphql";
import { contractSchema } from "../gateway/contract.js";

const require = createRequire(import.meta.url);
// The gateway's own federation library (as gateway/defer/planner.ts uses it): the API schema of a supergraph file.
const federation = require("@apollo/federation-internals") as {
  Supergraph: { build(sdl: string): { apiSchema(): { toGraphQLJSSchema(): GraphQLSchema } } };
};

/** What clients see of a supergraph: the API schema, and the partner contract. */
export function schemasOf(supergraphSdl: string): { full: GraphQLSchema; partner: GraphQLSchema } {
  const full = federation.Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return { full, partner: contractSchema(full, supergraphSdl, "partner") };
}

export interface BreakingReport {
  /** Every breaking change, as graphql-js words it: removed or retyped fields and arguments, removed enum values. */
  changes: string[];
  /** Removals of what was not `@deprecated` first: these fail the check. */
  undeprecatedRemovals: string[];
}

/**
 * The breaking changes from `before` to `after` (API schemas). A field, argument or enum value may only go once it
 * has been deprecated in a committed supergraph, so clients had a release to move off it.
 */
export function breakingChanges(before: GraphQLSchema, after: GraphQLSchema): BreakingReport {
  const changes = findBreakingChanges(before, after).map((change) => change.description);
  const undeprecatedRemovals: string[] = [];
  for (const type of Object.values(before.getTypeMap())) {
    if (isIntrospectionType(type)) continue;
    const next = after.getType(type.name);
    if (
      (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) &&
      next &&
      (isObjectType(next) || isInterfaceType(next) || isInputObjectType(next))
    ) {
      const nextFields = next.getFields();
      for (const field of Object.values(type.getFields())) {
        const nextField = nextFields[field.name];
        if (!nextField) {
          if (!field.deprecationReason) undeprecatedRemovals.push(`${type.name}.${field.name} was removed without being @deprecated first`);
          continue;
        }
        for (const arg of "args" in field ? field.args : []) {
          const kept = "args" in nextField && nextField.args.some((a) => a.name === arg.name);
          if (!kept && !arg.deprecationReason)
            undeprecatedRemovals.push(`${type.name}.${field.name}(${arg.name}) was removed without being @deprecated first`);
        }
      }
    }
    if (isEnumType(type) && next && isEnumType(next)) {
      for (const value of type.getValues()) {
        if (!next.getValue(value.name) && !value.deprecationReason)
          undeprecatedRemovals.push(`${type.name}.${value.name} was removed without being @deprecated first`);
      }
    }
  }
  return { changes, undeprecatedRemovals };
}

/** How much of a schema is described: every type, field, argument and enum value counts (root types need none). */
export function documentation(schema: GraphQLSchema): { described: number; missing: string[] } {
  let described = 0;
  const missing: string[] = [];
  const count = (description: string | null | undefined, coordinate: string) => (description ? described++ : missing.push(coordinate));
  const roots = new Set(["Query", "Mutation", "Subscription"]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!roots.has(type.name)) count(type.description, type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        count(field.description, `${type.name}.${field.name}`);
        for (const arg of "args" in field ? field.args : []) count(arg.description, `${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) count(value.description, `${type.name}.${value.name}`);
  }
  return { described, missing };
}
