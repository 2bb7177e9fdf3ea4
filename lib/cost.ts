import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

/**
 * The cost of an operation: every object a field returns costs its weight (1 unless `@cost(weight:)` says more,
 * scalars and enums nothing), and a list multiplies what is under it by its size. A list's size is the value of its
 * slicing argument (`@listSize(slicingArguments:)`, else a `first` or `last` argument), else its `@listSize(assumedSize:)`,
 * else a default. The directives are the ones the subgraphs declare (Federation's @cost and @listSize), read from the
 * supergraph by the gateway and from its own schema by each subgraph, so both measure the same way.
 */
export interface CostDirectives {
  /** @cost(weight:) on a field, by "Type.field". */
  fieldWeights: Map<string, number>;
  /** @cost(weight:) on an object type, by type name: every field returning it weighs this much. */
  typeWeights: Map<string, number>;
  /** @listSize on a field, by "Type.field". */
  listSizes: Map<string, ListSize>;
}

export interface ListSize {
  /** The size to assume when no slicing argument says. */
  assumedSize: number | null;
  /** Arguments whose value is the list's size (`first`, `last`). */
  slicingArguments: readonly string[];
  /** For a field returning a connection rather than a list: its children that are the sized lists (`nodes`, `edges`). */
  sizedFields: readonly string[];
}

/** Arguments a list or connection is sliced by when it has no @listSize: the paging arguments every list here uses. */
const PAGING_ARGUMENTS = ["first", "last"];
/** A connection's children that its paging argument sizes. */
const CONNECTION_LISTS = ["nodes", "edges"];

/** Where the directives live: the schema of a subgraph or the supergraph, as SDL or as a built schema. */
export function readCostDirectives(source: DocumentNode | GraphQLSchema): CostDirectives {
  const definitions: DefinitionNode[] =
    "kind" in source && source.kind === Kind.DOCUMENT ? [...source.definitions] : definitionsOf(source as GraphQLSchema);
  const names = directiveNames(definitions);
  const directives: CostDirectives = { fieldWeights: new Map(), typeWeights: new Map(), listSizes: new Map() };
  for (const definition of definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const typeName = definition.name.value;
    const typeWeight = weightOf(definition.directives, names.cost);
    if (typeWeight !== null) directives.typeWeights.set(typeName, typeWeight);
    for (const field of definition.fields ?? []) {
      const key = `${typeName}.${field.name.value}`;
      const weight = weightOf(field.directives, names.cost);
      if (weight !== null) directives.fieldWeights.set(key, weight);
      const listSize = field.directives?.find((d) => d.name.value === names.listSize);
      if (listSize) directives.listSizes.set(key, listSizeOf(listSize));
    }
  }
  return directives;
}

function definitionsOf(schema: GraphQLSchema): DefinitionNode[] {
  const out: DefinitionNode[] = [];
  if (schema.astNode) out.push(schema.astNode);
  out.push(...schema.extensionASTNodes);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.astNode) out.push(type.astNode);
    out.push(...type.extensionASTNodes);
  }
  return out;
}

/**
 * The names @cost and @listSize go by: as imported by the schema's @link of the cost spec (the supergraph) or of
 * Federation (a subgraph), renamed with `as` where it says so, namespaced where not imported.
 */
function directiveNames(definitions: readonly DefinitionNode[]): { cost: string; listSize: string } {
  for (const definition of definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== "link") continue;
      const args = Object.fromEntries((link.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
      const url = typeof args.url === "string" ? args.url : "";
      const spec = /\/(cost|federation)\/v[\d.]+$/.exec(url)?.[1];
      if (!spec) continue;
      const prefix = typeof args.as === "string" ? args.as : spec;
      const imported = new Map<string, string>();
      for (const entry of Array.isArray(args.import) ? args.import : []) {
        if (typeof entry === "string") imported.set(entry, entry);
        else if (entry && typeof entry.name === "string") imported.set(entry.name, typeof entry.as === "string" ? entry.as : entry.name);
      }
      const nameOf = (directive: string, ownName: boolean) =>
        (imported.get(`@${directive}`) ?? (ownName ? `@${prefix}` : `@${prefix}__${directive}`)).slice(1);
      return { cost: nameOf("cost", spec === "cost"), listSize: nameOf("listSize", false) };
    }
  }
  return { cost: "cost", listSize: "listSize" };
}

function weightOf(directives: readonly ConstDirectiveNode[] | undefined, name: string): number | null {
  const directive = directives?.find((d) => d.name.value === name);
  const weight = directive?.arguments?.find((a) => a.name.value === "weight")?.value;
  return weight?.kind === Kind.INT ? Number(weight.value) : null;
}

function listSizeOf(directive: ConstDirectiveNode): ListSize {
  const args = Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  return {
    assumedSize: typeof args.assumedSize === "number" ? args.assumedSize : null,
    slicingArguments: strings(args.slicingArguments),
    sizedFields: strings(args.sizedFields),
  };
}

export interface CostOptions {
  schema: GraphQLSchema;
  directives: CostDirectives;
  /** The size of a list nothing else sizes. */
  defaultListSize: number;
  /** A list size known from the request itself, e.g. a subgraph's `_entities`: the representations it was sent. */
  knownSize?: (parentType: string, field: FieldNode, argument: (name: string) => unknown) => number | undefined;
}

export interface CostEstimate {
  /** The estimated cost, at most Number.MAX_SAFE_INTEGER. */
  cost: number;
  /** Whether a variable's value went into it: if not, the estimate holds for every request with this document. */
  usesVariables: boolean;
}

/**
 * The cost of one operation of `document`, with the request's variables. Linear in the document's size: each
 * fragment is measured once for each list context it is spread in, however many paths reach it.
 */
export function estimateCost(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
  options: CostOptions,
): CostEstimate {
  const { schema, directives, defaultListSize } = options;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variableDefaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults.set(definition.variable.name.value, definition.defaultValue);
  }
  let usesVariables = false;
  const valueOf = (node: ValueNode): unknown => {
    if (node.kind !== Kind.VARIABLE) return valueFromASTUntyped(node);
    usesVariables = true;
    const name = node.name.value;
    const given = variables?.[name];
    if (given !== undefined) return given;
    const fallback = variableDefaults.get(name);
    return fallback ? valueFromASTUntyped(fallback) : undefined;
  };
  const argumentOf =
    (field: FieldNode, definition: GraphQLField<unknown, unknown>) =>
    (name: string): unknown => {
      const given = field.arguments?.find((a) => a.name.value === name);
      const value = given ? valueOf(given.value) : undefined;
      return value !== undefined && value !== null ? value : definition.args.find((a) => a.name === name)?.defaultValue;
    };
  const slicedSize = (argument: (name: string) => unknown, slicing: readonly string[]): number | null => {
    let size: number | null = null;
    for (const name of slicing) {
      const value = argument(name);
      if (typeof value === "number" && Number.isFinite(value)) size = Math.max(size ?? 0, Math.max(0, Math.floor(value)));
    }
    return size;
  };

  /** Sized children of the selection being measured: their names and the size their parent gave them. */
  type Sizing = { names: readonly string[]; size: number } | null;
  const fragmentCosts = new Map<string, number>();
  const measuring = new Set<string>();

  const measureFragment = (name: string, sizing: Sizing): number => {
    const key = sizing ? `${name}\u0000${sizing.size}\u0000${sizing.names.join(",")}` : name;
    const known = fragmentCosts.get(key);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // A cycle is refused by validation; here it only must not recurse forever.
    if (!fragment || measuring.has(key)) return 0;
    const type = schema.getType(fragment.typeCondition.name.value);
    if (!type || !isCompositeType(type)) return 0;
    measuring.add(key);
    const cost = measureSet(fragment.selectionSet, type, sizing);
    measuring.delete(key);
    fragmentCosts.set(key, cost);
    return cost;
  };

  const measureSet = (set: SelectionSetNode, parent: GraphQLCompositeType, sizing: Sizing): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        total += measureFragment(selection.name.value, sizing);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (condition && isCompositeType(condition)) total += measureSet(selection.selectionSet, condition, sizing);
        continue;
      }
      const name = selection.name.value;
      // Introspection is answered by the server itself from its schema, and __typename costs nothing anywhere.
      if (name.startsWith("__")) continue;
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const definition = parent.getFields()[name];
      if (!definition) continue;
      const key = `${parent.name}.${name}`;
      const named = getNamedType(definition.type);
      const listSize = directives.listSizes.get(key);
      const argument = argumentOf(selection, definition);
      const weight = directives.fieldWeights.get(key) ?? directives.typeWeights.get(named.name) ?? (isCompositeType(named) ? 1 : 0);
      const slicing = listSize?.slicingArguments.length ? listSize.slicingArguments : PAGING_ARGUMENTS;
      const ownSize = () =>
        options.knownSize?.(parent.name, selection, argument) ?? slicedSize(argument, slicing) ?? listSize?.assumedSize ?? defaultListSize;
      let size = 1;
      let childSizing: Sizing = null;
      if (sizing && sizing.names.includes(name)) size = sizing.size;
      else if (returnsList(definition.type)) size = ownSize();
      else if (listSize?.sizedFields.length) childSizing = { names: listSize.sizedFields, size: ownSize() };
      else if (!listSize && definition.args.some((a) => PAGING_ARGUMENTS.includes(a.name)))
        childSizing = { names: CONNECTION_LISTS, size: ownSize() };
      const below = selection.selectionSet && isCompositeType(named) ? measureSet(selection.selectionSet, named, childSizing) : 0;
      total += size * (weight + below);
    }
    return total;
  };

  const root = schema.getRootType(operation.operation);
  const cost = root ? measureSet(operation.selectionSet, root, null) : 0;
  return { cost: Math.min(cost, Number.MAX_SAFE_INTEGER), usesVariables };
}

function returnsList(type: GraphQLType): boolean {
  const nullable = isNonNullType(type) ? type.ofType : type;
  return isListType(getNullableType(nullable));
}
