import type { GraphQLResolveInfo } from "graphql";

/**
 * How long the gateway may keep an answer (gateway/plugins/response-cache.ts). Each subgraph's Apollo Server reads
 * these hints from its own schema and answers the gateway with a Cache-Control header: the shortest max-age of
 * everything the answer holds, PRIVATE if anything is. A root field or a field returning an object with no hint has
 * max-age 0, so whatever is not marked here — everything personal: customers, carts, orders, service cases — is
 * never cached. Hints stay in each subgraph's schema; the supergraph does not carry them.
 */
export const CACHE_CONTROL_SDL = `
"""Whether a cached answer may be shared by every viewer (PUBLIC) or belongs to one (PRIVATE)."""
enum CacheControlScope @inaccessible {
  """Shared by every viewer of the same channel."""
  PUBLIC
  """One viewer's own."""
  PRIVATE
}

"""How long an answer holding this type or field may be cached, and by whom (Apollo Server's cache hints)."""
directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
`;

/**
 * The hints the subgraphs use, as `@Directive(CACHE.catalog)`. Catalog data changes only with a deploy (there is no
 * price or product write path), so minutes. Availability changes with every sale; STOCK_CHANGED evicts what the
 * gateway cached at once, and its max-age bounds what has no event: the clock behind pickup and ship dates.
 */
export const CACHE = {
  /** Products, variants, categories, search results, locations: five minutes. */
  catalog: "@cacheControl(maxAge: 300)",
  /** Stock and availability: fifteen seconds, evicted earlier by STOCK_CHANGED. */
  availability: "@cacheControl(maxAge: 15)",
  /** Value types (money, page info, addresses, connections): as long as the object that holds them. */
  inherit: "@cacheControl(inheritMaxAge: true)",
} as const;

/** `info.cacheControl` as Apollo Server's cache-control plugin sets it (@apollo/cache-control-types); absent when off. */
interface CacheControlInfo {
  cacheControl?: {
    setCacheHint(hint: { maxAge?: number; scope?: "PUBLIC" | "PRIVATE" }): void;
    cacheHint: { maxAge?: number };
  };
}

/** This field's answer may be cached `seconds` at most (0 or less: not at all), whatever its type's hint says. */
export function cacheAtMost(info: GraphQLResolveInfo, seconds: number): void {
  const cacheControl = (info as GraphQLResolveInfo & CacheControlInfo).cacheControl;
  if (!cacheControl) return;
  // The field's hint is replaced, and the answer's policy is the most restrictive of its fields': a shorter one only.
  const current = cacheControl.cacheHint.maxAge;
  const maxAge = Math.max(0, seconds);
  if (current === undefined || maxAge < current) cacheControl.setCacheHint({ maxAge });
}
