import {
  GraphQLError,
  Kind,
  type ArgumentNode,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import { ErrorCode } from "../../lib/errors.js";

/** One fragment the client deferred, and this request did not turn off with `if: false`. */
export interface DeferredFragment {
  /** The label the query planner is given: the client's, or one of ours when it gave none. */
  label: string;
  /** The client's label, sent back with the part; null when it gave none. */
  clientLabel: string | null;
  /** Response keys from the root to the object the fragment applies to: one path per place it is spread. */
  positions: string[][];
  /** Response keys the fragment selects on that object, through fragments that are not deferred themselves. */
  keys: Set<string>;
  /** Deferred fragments this one sits in, outermost first: their parts come before its own. */
  ancestors: DeferredFragment[];
  node: InlineFragmentNode | FragmentSpreadNode;
}

/** A deferred operation, for one set of `if` values: what to plan, and what each part is shaped by. */
export interface DeferredOperation {
  /** Active deferred fragments, in document order; empty when every @defer is off. */
  fragments: DeferredFragment[];
  byLabel: Map<string, DeferredFragment>;
  /** Which of the document's @defer are on ("10" ...): with the operation, what the plan depends on. */
  signature: string;
  /** Every active @defer labelled, every inactive one dropped: what the planner plans. */
  planningDocument: DocumentNode;
  /** Without the deferred fragments: the first part. */
  primaryDocument: DocumentNode;
  /** With `fragment` and the fragments it sits in, without any other deferred one: shapes that fragment's part. */
  partDocument(fragment: DeferredFragment): DocumentNode;
}

const bad = (message: string, code = ErrorCode.GRAPHQL_VALIDATION_FAILED) =>
  new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

function deferOf(node: { directives?: readonly DirectiveNode[] }): DirectiveNode | undefined {
  return node.directives?.find((directive) => directive.name.value === "defer");
}

function argument(directive: DirectiveNode, name: string): ArgumentNode | undefined {
  return directive.arguments?.find((arg) => arg.name.value === name);
}

function selectedOperation(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** Every @defer the operation reaches, through its fragments, each once. */
function defersReached(document: DocumentNode, operation: OperationDefinitionNode): DirectiveNode[] {
  const fragments = fragmentsOf(document);
  const found: DirectiveNode[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.selectionSet) visit(selection.selectionSet);
        continue;
      }
      const directive = deferOf(selection);
      if (directive) found.push(directive);
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return found;
}

/**
 * What the incremental-delivery proposal's validation rules say, which graphql-js 16 does not check: @defer only in
 * queries (a deferred mutation result or subscription event would need delivery this gateway does not do), and labels
 * that are literal strings, unique in the operation. Throws a coded 400; returns whether the operation defers at all.
 */
export function checkDeferUsage(document: DocumentNode, operationName: string | undefined): boolean {
  const operation = selectedOperation(document, operationName);
  if (!operation) return false;
  const defers = defersReached(document, operation);
  if (defers.length === 0) return false;
  if (operation.operation !== "query") {
    throw bad(`@defer is supported in queries only, not in a ${operation.operation}.`, ErrorCode.DEFER_NOT_SUPPORTED);
  }
  const labels = new Set<string>();
  for (const directive of defers) {
    const label = argument(directive, "label")?.value;
    if (label === undefined) continue;
    if (label.kind !== Kind.STRING) throw bad("A @defer label must be a literal string, not a variable.");
    if (labels.has(label.value)) throw bad(`The @defer label "${label.value}" is used twice; labels name parts and must be unique.`);
    labels.add(label.value);
  }
  return true;
}

/** Whether this @defer is on for the request's variables (`if` defaults to true). */
function ifValue(directive: DirectiveNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): boolean {
  const condition = argument(directive, "if")?.value;
  if (!condition) return true;
  if (condition.kind === Kind.BOOLEAN) return condition.value;
  if (condition.kind !== Kind.VARIABLE) return true;
  const name = condition.name.value;
  if (Object.hasOwn(variables, name) && typeof variables[name] === "boolean") return variables[name] as boolean;
  const definition = operation.variableDefinitions?.find((v) => v.variable.name.value === name);
  return definition?.defaultValue?.kind === Kind.BOOLEAN ? definition.defaultValue.value : true;
}

const TYPENAME: SelectionNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } };

/**
 * The operation's deferred fragments for these variables, and the documents each step runs: the client's document is
 * never changed, each step gets a copy. A selection set left empty by taking fragments out asks for `__typename`.
 */
export function deferredOperation(
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  /** False when the client reads only whole answers: every @defer is then off. */
  deferring = true,
): DeferredOperation {
  const operation = selectedOperation(document, operationName)!;
  const isOn = (directive: DirectiveNode, op: OperationDefinitionNode, values: Record<string, unknown>) =>
    deferring && ifValue(directive, op, values);
  const fragmentDefinitions = fragmentsOf(document);
  const byNode = new Map<InlineFragmentNode | FragmentSpreadNode, DeferredFragment>();
  const inactive = new Set<InlineFragmentNode | FragmentSpreadNode>();
  const fragments: DeferredFragment[] = [];
  const reached = defersReached(document, operation);
  const clientLabels = new Set(
    reached.flatMap((d) => {
      const label = argument(d, "label")?.value;
      return label?.kind === Kind.STRING ? [label.value] : [];
    }),
  );
  let generated = 0;
  const newLabel = (): string => {
    let label: string;
    do label = `omnigraph:${generated++}`;
    while (clientLabels.has(label));
    return label;
  };

  const collectKeys = (set: SelectionSetNode, into: Set<string>, seen: Set<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) into.add(selection.alias?.value ?? selection.name.value);
      else if (deferOf(selection) && isOn(deferOf(selection)!, operation, variables)) continue;
      else if (selection.kind === Kind.INLINE_FRAGMENT) collectKeys(selection.selectionSet, into, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const definition = fragmentDefinitions.get(selection.name.value);
        if (definition) collectKeys(definition.selectionSet, into, seen);
      }
    }
  };
  const walk = (set: SelectionSetNode, path: string[], enclosing: DeferredFragment[], spreading: Set<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.selectionSet)
          walk(selection.selectionSet, [...path, selection.alias?.value ?? selection.name.value], enclosing, spreading);
        continue;
      }
      let inner = enclosing;
      const directive = deferOf(selection);
      if (directive && !isOn(directive, operation, variables)) inactive.add(selection);
      else if (directive) {
        let fragment = byNode.get(selection);
        if (!fragment) {
          const clientLabel = argument(directive, "label")?.value;
          const label = clientLabel?.kind === Kind.STRING ? clientLabel.value : null;
          const body =
            selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragmentDefinitions.get(selection.name.value)?.selectionSet;
          const keys = new Set<string>();
          if (body) collectKeys(body, keys, new Set());
          fragment = { label: label ?? newLabel(), clientLabel: label, positions: [], keys, ancestors: enclosing, node: selection };
          byNode.set(selection, fragment);
          fragments.push(fragment);
        }
        fragment.positions.push(path);
        inner = [...enclosing, fragment];
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet, path, inner, spreading);
      else if (!spreading.has(selection.name.value)) {
        const definition = fragmentDefinitions.get(selection.name.value);
        if (definition) walk(definition.selectionSet, path, inner, new Set([...spreading, selection.name.value]));
      }
    }
  };
  walk(operation.selectionSet, [], [], new Set());

  /** The document with each @defer handled by `decide`: kept labelled, taken off (delivered inline) or the fragment dropped. */
  const rewrite = (decide: (fragment: DeferredFragment) => "label" | "inline" | "drop"): DocumentNode => {
    const strip = (directives: readonly DirectiveNode[] | undefined) => directives?.filter((d) => d.name.value !== "defer");
    const selections = (set: SelectionSetNode): SelectionSetNode => {
      const out: SelectionNode[] = [];
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          out.push(selection.selectionSet ? { ...selection, selectionSet: selections(selection.selectionSet) } : selection);
          continue;
        }
        let directives = selection.directives;
        const fragment = byNode.get(selection);
        if (inactive.has(selection)) directives = strip(directives);
        else if (fragment) {
          const decision = decide(fragment);
          if (decision === "drop") continue;
          directives = strip(directives);
          if (decision === "label") {
            const label: DirectiveNode = {
              kind: Kind.DIRECTIVE,
              name: { kind: Kind.NAME, value: "defer" },
              arguments: [
                { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "label" }, value: { kind: Kind.STRING, value: fragment.label } },
              ],
            };
            directives = [...(directives ?? []), label];
          }
        }
        out.push(
          selection.kind === Kind.INLINE_FRAGMENT
            ? { ...selection, directives, selectionSet: selections(selection.selectionSet) }
            : { ...selection, directives },
        );
      }
      return { ...set, selections: out.length > 0 ? out : [TYPENAME] };
    };
    return {
      kind: Kind.DOCUMENT,
      definitions: document.definitions.flatMap((definition): DefinitionNode[] => {
        if (definition === operation) return [{ ...operation, selectionSet: selections(operation.selectionSet) }];
        if (definition.kind === Kind.FRAGMENT_DEFINITION) return [{ ...definition, selectionSet: selections(definition.selectionSet) }];
        // Other operations of the document are never run here.
        return [];
      }),
    };
  };

  const parts = new Map<DeferredFragment, DocumentNode>();
  return {
    fragments,
    byLabel: new Map(fragments.map((fragment) => [fragment.label, fragment])),
    signature: reached.map((directive) => (isOn(directive, operation, variables) ? "1" : "0")).join(""),
    planningDocument: rewrite(() => "label"),
    primaryDocument: rewrite(() => "drop"),
    partDocument(fragment) {
      let part = parts.get(fragment);
      if (!part) {
        const shown = new Set([fragment, ...fragment.ancestors]);
        part = rewrite((other) => (shown.has(other) ? "inline" : "drop"));
        parts.set(fragment, part);
      }
      return part;
    },
  };
}
