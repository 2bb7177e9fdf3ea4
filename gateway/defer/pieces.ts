import type { GatewayExecutionResult } from "@apollo/server-gateway-interface";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { IncrementalPart } from "./delivery.js";
import type { DeferredFragment } from "./document.js";

export type Data = Record<string, unknown>;

export const isObject = (value: unknown): value is Data => typeof value === "object" && value !== null && !Array.isArray(value);

/** The objects at `position` (response keys from the root) and their concrete paths, lists expanded. */
export function objectsAt(
  value: unknown,
  position: string[],
  at = 0,
  path: (string | number)[] = [],
  into: { object: Data; path: (string | number)[] }[] = [],
) {
  if (value === null || value === undefined) return into;
  if (Array.isArray(value)) {
    value.forEach((item, index) => objectsAt(item, position, at, [...path, index], into));
    return into;
  }
  if (!isObject(value)) return into;
  if (at === position.length) into.push({ object: value, path });
  else objectsAt(value[position[at]], position, at + 1, [...path, position[at]], into);
  return into;
}

/** Where in the answer an error of the fragment belongs: its path cut to the fragment's object, or null. */
function objectPathOf(errorPath: readonly (string | number)[] | undefined, position: string[]): (string | number)[] | null {
  if (!errorPath) return null;
  const path: (string | number)[] = [];
  let at = 0;
  for (const step of errorPath) {
    if (at === position.length && typeof step !== "number") return path;
    if (typeof step === "number") path.push(step);
    else if (step === position[at]) {
      path.push(step);
      at++;
    } else return null;
  }
  return at === position.length ? path : null;
}

const samePath = (a: readonly (string | number)[], b: readonly (string | number)[]) =>
  a.length === b.length && a.every((step, i) => step === b[i]);
const startsWith = (path: readonly (string | number)[], prefix: readonly (string | number)[]) =>
  prefix.length <= path.length && prefix.every((step, i) => step === path[i]);

/**
 * The fragment's pieces, one per object it applies to, from its part's shaped answer: each with the fragment's own
 * fields and the errors under that object. An error whose object came out null (a non-null field failed) gets a
 * piece of its own with data null, as null stops at the fragment.
 */
export function piecesOf(
  fragment: DeferredFragment,
  result: GatewayExecutionResult,
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): IncrementalPart[] {
  const pieces: IncrementalPart[] = [];
  const label = fragment.clientLabel === null ? {} : { label: fragment.clientLabel };
  for (const position of fragment.positions) {
    for (const { object, path } of objectsAt(result.data, position)) {
      const data: Data = {};
      for (const key of fragment.keys) if (Object.hasOwn(object, key)) data[key] = object[key];
      pieces.push({ data, path, ...label });
    }
  }
  for (const error of result.errors ?? []) {
    const formatted = format(
      error instanceof GraphQLError ? error.toJSON() : { message: String((error as Error).message ?? error) },
      error,
    );
    let piece = pieces.find((p) => error.path !== undefined && startsWith(error.path, p.path));
    if (!piece) {
      const path = fragment.positions.map((position) => objectPathOf(error.path, position)).find((p) => p !== null) ?? null;
      piece = path ? pieces.find((p) => samePath(p.path, path)) : pieces[0];
      if (!piece) {
        piece = { data: null, path: path ?? fragment.positions[0] ?? [], ...label };
        pieces.push(piece);
      }
    }
    (piece.errors ??= []).push(formatted);
  }
  return pieces;
}
