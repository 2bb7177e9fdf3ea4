import { createRequire } from "node:module";
import { isDeepStrictEqual } from "node:util";

/**
 * A leaner `computeResponse` for @apollo/gateway 2.14: the step that shapes the merged subgraph answers into the
 * client's answer (aliases, fragments, @skip/@include, __typename, null bubbling, leaf checks). It follows
 * `@apollo/gateway/dist/resultShaping.js` rule for rule, through the same @apollo/federation-internals calls, and
 * differs only in how it spends time:
 * - answer objects are fast-mode objects with no prototype chain (`new Answer()`), where Apollo's are
 *   `Object.create(null)` dictionaries, which V8 writes and JSON.stringify reads several times slower;
 * - no @skip/@include lookups for selections without directives (two schema lookups and two arrays per field per
 *   object in Apollo's);
 * - no result object and no assertion closure allocated per value.
 * In CPU profiles of the deep and public scenarios, Apollo's shaping was a quarter of the gateway's time.
 *
 * It replaces the export `executeQueryPlan` calls (the module is CommonJS and reads `computeResponse` from its
 * exports at each call), so it is installed once per process by the entry point. `verify` runs Apollo's original
 * too and fails any request where the two answers differ: the test suite runs with it on, so every query of the
 * suite is a differential test of this file. @apollo/gateway is pinned; an upgrade must re-read resultShaping.js.
 */

const require = createRequire(import.meta.url);
const fi = require("@apollo/federation-internals") as any;
const shapingModule = require("@apollo/gateway/dist/resultShaping.js") as { computeResponse: ComputeResponse };
/** Apollo's own, as the module exported it before anything replaced it. */
const apolloComputeResponse = shapingModule.computeResponse;
const SUPPORTED_GATEWAY = "2.14.4";
const gatewayVersion = (require("@apollo/gateway/package.json") as { version: string }).version;

type ComputeResponse = (args: { operation: any; variables: any; input: any; introspectionHandling: (field: any) => any }) => {
  data: any;
  errors: any[];
};

/** An answer object: own properties only, no prototype chain (so no `__proto__` or `constructor` to trip on). */
function Answer(this: object) {}
Answer.prototype = Object.create(null);
const newAnswer = () => new (Answer as unknown as new () => Record<string, unknown>)();

const OK = 0;
const NULL_BUBBLE_UP = 1;

interface Parameters {
  schema: any;
  variables: Record<string, unknown>;
  errors: any[];
  introspectionHandling: (field: any) => any;
}

// What the last updateOutputValue call found, read by its caller right after it returns (no object per value).
let lastInvalid = false;
let lastHasErrors = false;

const hasOwn = Object.prototype.hasOwnProperty;

const fastComputeResponse: ComputeResponse = ({ operation, variables, input, introspectionHandling }) => {
  if (!input) return { data: input, errors: [] };
  const schema = operation.schema();
  const parameters: Parameters = {
    schema,
    variables: { __proto__: null, ...operation.collectDefaultedVariableValues(), ...variables },
    errors: [],
    introspectionHandling,
  };
  const data = newAnswer();
  const result = applySelectionSet(
    input,
    operation.selectionSet,
    data,
    parameters,
    [],
    schema.schemaDefinition.rootType(operation.rootKind),
  );
  return { data: result === NULL_BUBBLE_UP ? null : data, errors: parameters.errors };
};

function shouldSkip(element: any, parameters: Parameters): boolean {
  const skip = element.appliedDirectivesOf(parameters.schema.skipDirective())[0];
  const include = element.appliedDirectivesOf(parameters.schema.includeDirective())[0];
  return (skip && ifValue(skip, parameters.variables)) || (include && !ifValue(include, parameters.variables));
}

function ifValue(directive: any, variables: Record<string, unknown>): boolean {
  const condition = directive.arguments().if;
  if (condition instanceof fi.Variable) {
    const value = variables[condition.name];
    if (typeof value !== "boolean") throw new Error(`Unexpected value ${String(value)} for variable ${condition} of ${directive}`);
    return value;
  }
  return condition;
}

function typeConditionApplies(schema: any, typeCondition: any, typename: string | undefined, parentType: any): boolean {
  if (!typeCondition) return true;
  if (typename) {
    const type = schema.type(typename);
    return !!type && fi.isSubtype(typeCondition, type);
  }
  return fi.isSubtype(typeCondition, parentType);
}

function applySelectionSet(
  input: any,
  selectionSet: any,
  output: Record<string, unknown>,
  parameters: Parameters,
  path: (string | number)[],
  parentType: any,
): number {
  for (const selection of selectionSet.selections()) {
    const element = selection.element;
    if (element.appliedDirectives.length > 0 && shouldSkip(element, parameters)) continue;
    if (selection.kind === "FieldSelection") {
      const definition = element.definition;
      const responseName: string = element.responseName();
      const outputValue = output[responseName];
      if (definition.isSchemaIntrospectionField()) {
        if (outputValue === undefined) output[responseName] = parameters.introspectionHandling(selection);
        continue;
      }
      let inputValue = (hasOwn.call(input, responseName) ? input[responseName] : undefined) ?? null;
      if (element.name === fi.typenameFieldName) {
        if (outputValue === undefined) {
          if (inputValue === null && responseName !== fi.typenameFieldName) inputValue = input[fi.typenameFieldName] ?? null;
          const type =
            inputValue !== null && typeof inputValue === "string" ? (parameters.schema.type(inputValue) ?? parentType) : parentType;
          if (!fi.isObjectType(type)) return NULL_BUBBLE_UP;
          output[responseName] = type.name;
        }
        continue;
      }
      path.push(responseName);
      const updated = updateOutputValue(outputValue, definition.type, inputValue, selection.selectionSet, path, parameters, parentType);
      output[responseName] = updated;
      path.pop();
      if (lastInvalid) return NULL_BUBBLE_UP;
    } else {
      const typename = input[fi.typenameFieldName];
      if (typename && typeof typename !== "string") throw new Error(`Got unexpected value for __typename: ${String(typename)}`);
      if (typeConditionApplies(parameters.schema, element.typeCondition, typename, parentType)) {
        const result = applySelectionSet(input, selection.selectionSet, output, parameters, path, element.typeCondition ?? parentType);
        if (result === NULL_BUBBLE_UP) return NULL_BUBBLE_UP;
      }
    }
  }
  return OK;
}

function describeLast(path: (string | number)[], currentType: any, parentType: any): string {
  const last = path[path.length - 1];
  return typeof last === "string" ? `field ${parentType}.${last}` : `array element of type ${currentType} at index ${last}`;
}

/** The shaped value; sets lastInvalid (null must bubble up) and lastHasErrors (an error was recorded) before returning. */
function updateOutputValue(
  outputValue: unknown,
  type: any,
  inputValue: any,
  selectionSet: any,
  path: (string | number)[],
  parameters: Parameters,
  parentType: any,
): unknown {
  if (inputValue === undefined) throw new Error("Should not pass undefined for `inputValue` to this method");
  if (outputValue === null || (outputValue !== undefined && !selectionSet)) {
    lastInvalid = false;
    lastHasErrors = false;
    return outputValue;
  }
  if (fi.isNonNullType(type)) {
    const updated = updateOutputValue(outputValue, type.ofType, inputValue, selectionSet, path, parameters, parentType);
    if (updated === null) {
      if (!lastHasErrors) {
        parameters.errors.push(
          fi.ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${describeLast(path, type.ofType, parentType)}.`, {
            path: Array.from(path),
          }),
        );
      }
      lastInvalid = true;
      lastHasErrors = true;
      return null;
    }
    lastInvalid = false;
    lastHasErrors = false;
    return updated;
  }
  if (inputValue === null) {
    lastInvalid = false;
    lastHasErrors = false;
    return null;
  }
  if (fi.isListType(type)) {
    if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${inputValue} returned by subgraph for list type ${type}`);
    if (outputValue !== undefined && !Array.isArray(outputValue))
      throw new Error(`Invalid non-list value ${outputValue} returned by subgraph for list type ${type}`);
    const previous = outputValue as unknown[] | undefined;
    if (previous && previous.length !== inputValue.length)
      throw new Error(`[${inputValue}].length (${inputValue.length}) !== [${previous}].length (${previous.length})`);
    let shouldNullify = false;
    let hasErrors = false;
    const updated = new Array<unknown>(inputValue.length);
    for (let i = 0; i < inputValue.length; i++) {
      path.push(i);
      updated[i] = updateOutputValue(
        previous ? previous[i] : undefined,
        type.ofType,
        inputValue[i],
        selectionSet,
        path,
        parameters,
        parentType,
      );
      path.pop();
      shouldNullify ||= lastInvalid;
      hasErrors ||= lastHasErrors;
    }
    lastInvalid = false;
    lastHasErrors = hasErrors;
    return shouldNullify ? null : updated;
  }
  if (fi.isCompositeType(type)) {
    if (!selectionSet) throw new Error(`Invalid empty selection set for composite type ${type}`);
    if (typeof inputValue !== "object")
      throw new Error(`Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
    if (outputValue !== undefined && typeof outputValue !== "object")
      throw new Error(`Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
    const inputTypename = inputValue[fi.typenameFieldName];
    if (inputTypename !== undefined && typeof inputTypename !== "string")
      throw new Error(`Invalid non-string value ${inputTypename} for __typename at ${path}`);
    let objectType = type;
    if (inputTypename) {
      const typenameType = parameters.schema.type(inputTypename);
      if (!typenameType || !fi.isCompositeType(typenameType)) {
        parameters.errors.push(
          fi.ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${describeLast(path, type, parentType)}.`, {
            path: Array.from(path),
          }),
        );
        lastInvalid = false;
        lastHasErrors = true;
        return null;
      }
      objectType = typenameType;
    }
    const object = (outputValue as Record<string, unknown> | undefined) ?? newAnswer();
    const result = applySelectionSet(inputValue, selectionSet, object, parameters, path, objectType);
    lastInvalid = false;
    lastHasErrors = result === NULL_BUBBLE_UP;
    return lastHasErrors ? null : object;
  }
  if (outputValue !== undefined) throw new Error(`Excepted output to be undefined but got ${type} for type ${type}`);
  const valid = fi.isValidLeafValue(parameters.schema, inputValue, type);
  if (!valid) {
    parameters.errors.push(
      fi.ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describeLast(path, type, parentType)}.`, { path: Array.from(path) }),
    );
  }
  lastInvalid = false;
  lastHasErrors = !valid;
  return valid ? inputValue : null;
}

/**
 * Makes @apollo/gateway shape answers with the leaner computeResponse in this process. With `verify`, Apollo's own
 * runs as well and a request whose two answers differ fails (for tests). Refuses any other @apollo/gateway version.
 */
export function installLeanResultShaping(options: { verify?: boolean } = {}): void {
  if (gatewayVersion !== SUPPORTED_GATEWAY) {
    throw new Error(
      `gateway/result-shaping.ts follows @apollo/gateway ${SUPPORTED_GATEWAY}'s resultShaping.js, not ${gatewayVersion}: re-read it`,
    );
  }
  const lean: ComputeResponse = options.verify
    ? (args) => {
        const expected = apolloComputeResponse(args);
        const actual = fastComputeResponse(args);
        const same =
          JSON.stringify(actual.data) === JSON.stringify(expected.data) &&
          isDeepStrictEqual(
            actual.errors.map((e) => [e.message, e.path]),
            expected.errors.map((e) => [e.message, e.path]),
          );
        if (!same) throw new Error("lean result shaping differs from @apollo/gateway's for this operation");
        return actual;
      }
    : fastComputeResponse;
  shapingModule.computeResponse = lean;
}
