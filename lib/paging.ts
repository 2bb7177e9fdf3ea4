import { BadUserInputError } from "./errors.js";

/** The largest page any connection returns; `first` above it is a BAD_USER_INPUT, not a silent clamp. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageRequest {
  /** How many items to return. */
  first: number;
  /** Index of the first item to return. */
  offset: number;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionValue<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

// Cursors are opaque to clients: base64url of "<offset>", prefixed so a cursor from another list is rejected.
export function encodeCursor(scope: string, offset: number): string {
  return Buffer.from(`${scope}:${offset}`).toString("base64url");
}

export function decodeCursor(scope: string, cursor: string): number {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const [prefix, raw] = text.split(":");
  const offset = Number(raw);
  if (prefix !== scope || !Number.isInteger(offset) || offset < 0) {
    throw new BadUserInputError(`"after" is not a cursor from this list.`, ["after"]);
  }
  return offset;
}

/** Validates `first`/`after` and turns them into an offset window. */
export function pageRequest(scope: string, first: number | null | undefined, after: string | null | undefined): PageRequest {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`"first" must be between 0 and ${MAX_PAGE_SIZE}.`, ["first"]);
  }
  return { first: size, offset: after ? decodeCursor(scope, after) + 1 : 0 };
}

/** A connection over one page of items that starts at `page.offset` in a list of `totalCount`. */
export function connectionOf<T>(scope: string, page: PageRequest, items: readonly T[], totalCount: number): ConnectionValue<T> {
  const edges = items.map((node, index) => ({ cursor: encodeCursor(scope, page.offset + index), node }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: page.offset + items.length < totalCount,
      endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null,
    },
    totalCount,
  };
}

/** Pages a list that is already in memory and in order. */
export function paginate<T>(scope: string, all: readonly T[], page: PageRequest): ConnectionValue<T> {
  return connectionOf(scope, page, all.slice(page.offset, page.offset + page.first), all.length);
}
