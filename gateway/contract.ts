import { MapperKind, mapSchema, pruneSchema } from "@graphql-tools/utils";
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  type DirectiveNode,
  type GraphQLSchema,
} from "graphql";

/**
 * What no contract shows, whatever else is tagged: fields such as raw on-hand counts are tagged
 * `@tag(name: "internal")` where they are declared (so are arguments, where the subgraph can print their tags).
 */
export const EXCLUDED_TAG = "internal";

/**
 * A contract: the part of the API schema tagged `@tag(name: <tag>)` in the supergraph, less what is tagged
 * `@tag(name: "internal")`. Object types must be tagged
 * themselves (so no untagged type, and no personal data, ever slips in); a field shows when it or its type is tagged
 * and what it returns shows too; root fields must be tagged one by one. Enums, scalars and inputs come along when a
 * visible field uses them. Pure: the gateway and the schema pipeline build the same contract.
 */
export function contractSchema(apiSchema: GraphQLSchema, supergraphSdl: string, tag: string): GraphQLSchema {
  const taggedTypes = new Set<string>();
  const taggedFields = new Set<string>();
  const excludedFields = new Set<string>();
  const excludedArguments = new Set<string>();
  const hasTag = (directives: readonly DirectiveNode[] | undefined, name = tag) =>
    (directives ?? []).some(
      (d) =>
        d.name.value === "tag" &&
        d.arguments?.some((a) => a.name.value === "name" && a.value.kind === Kind.STRING && a.value.value === name),
    );
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (hasTag(definition.directives)) taggedTypes.add(definition.name.value);
    for (const field of definition.fields ?? []) {
      const key = `${definition.name.value}.${field.name.value}`;
      if (hasTag(field.directives)) taggedFields.add(key);
      if (hasTag(field.directives, EXCLUDED_TAG)) excludedFields.add(key);
      for (const arg of field.arguments ?? []) if (hasTag(arg.directives, EXCLUDED_TAG)) excludedArguments.add(`${key}(${arg.name.value})`);
    }
  }
  const roots = new Set([apiSchema.getQueryType()?.name, apiSchema.getMutationType()?.name, apiSchema.getSubscriptionType()?.name]);
  const shows = (typeName: string): boolean => {
    const type = apiSchema.getType(typeName);
    if (!type) return false;
    if (isObjectType(type)) return taggedTypes.has(typeName);
    return isEnumType(type) || isScalarType(type) || isInputObjectType(type);
  };

  const filtered = mapSchema(apiSchema, {
    [MapperKind.OBJECT_TYPE]: (type) => (roots.has(type.name) || taggedTypes.has(type.name) ? type : null),
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const key = `${typeName}.${fieldName}`;
      const returns = getNamedType(field.type).name;
      if (!shows(returns) || excludedFields.has(key)) return null;
      if (roots.has(typeName) ? !taggedFields.has(key) : !taggedFields.has(key) && !taggedTypes.has(typeName)) return null;
      const args = Object.entries(field.args ?? {});
      const kept = args.filter(([name]) => !excludedArguments.has(`${key}(${name})`));
      return kept.length === args.length ? field : { ...field, args: Object.fromEntries(kept) };
    },
  });
  // Inputs, enums and scalars no visible field uses, and roots left empty, go.
  return pruneSchema(filtered);
}
