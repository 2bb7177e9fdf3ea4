import { createHash } from "node:crypto";
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext, type GraphQLRequestListener } from "@apollo/server";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { DomainEvent, EventBus } from "../../lib/events.js";
import type { Logger } from "../../lib/logger.js";
import type { Viewer } from "../../lib/viewer.js";
import type { ResponseStore } from "../cache/response-store.js";
import type { GatewayContext } from "../context.js";

export interface ResponseCacheOptions {
  /** Where answers are kept: Redis when configured (shared by every instance), else this process's memory. */
  store: ResponseStore;
  logger: Logger;
  /** Hits, misses, stores and evictions (GET /metrics); none when omitted. */
  metrics?: { cache(event: "hit" | "miss" | "store" | "eviction"): void };
  /** The clock (tests); Date.now by default. */
  now?: () => number;
}

/** Answers larger than this are served but not kept: one huge search page must not push out a thousand product pages. */
export const MAX_CACHED_BYTES = 512 * 1024;

/**
 * Headers a shared cache in front of the gateway must key a GET by, besides its URL: they change who is asking and
 * through which channel, and so the answer.
 */
const VARY = "authorization, x-api-key, x-channel, apollographql-client-name";

/** What one query learns on its way: filled by responseForOperation, the datasource and willSendResponse. */
interface Pending {
  key: string;
  /** When the answer was begun. */
  startedAt: number;
  /** The store's eviction count at the look-up: an eviction of one of its tags after it may have made it stale. */
  evictions: number;
  /** Entities the answer read, as `Type:key` (see tagsOf). */
  tags: Set<string>;
  hit: boolean;
}

/** Per request, keyed by its cache policy: the one object Apollo hands both to the plugin and to the datasource. */
const pending = new WeakMap<object, Pending>();

/**
 * Viewers whose public answers are the same, given the same channel and contract. A shopper's catalog and stock are
 * the same signed in or not, and at a kiosk; staff may ask for any channel's price list and partners only their own,
 * so each of those kinds gets answers of its own (an associate's STORE prices never reach a shopper). Anything that
 * depends on the person is not PUBLIC and never stored.
 */
function viewerClass(viewer: Viewer): string {
  return viewer.kind === "anonymous" || viewer.kind === "customer" || viewer.kind === "kiosk" ? "shopper" : viewer.kind;
}

/** The request's answer is the same for every request with this key: operation, variables, channel, contract, viewer class. */
function keyOf(requestContext: GraphQLRequestContext<GatewayContext>): string {
  const { request, contextValue, queryHash } = requestContext;
  const variables = request.variables ? JSON.stringify(request.variables) : "";
  // JSON, so that no operation name or variable can make two different requests one key.
  const identity = JSON.stringify([
    queryHash,
    request.operationName ?? null,
    variables,
    contextValue.channel,
    contextValue.contract,
    viewerClass(contextValue.viewer),
  ]);
  return createHash("sha256").update(identity).digest("base64url");
}

/**
 * The entities a subgraph fetch read: each representation the gateway sent it, as `Variant:<sku>`. Stock is only
 * reached through a variant (inventory's `Variant.stockAt`, `storeAvailability`, `onlineAvailability`), always fetched
 * as an entity by SKU, so a STOCK_CHANGED for a SKU finds every answer that counted its stock, at any location.
 */
function addTags(tags: Set<string>, variables: Record<string, unknown> | undefined): void {
  const representations = variables?.representations;
  if (!Array.isArray(representations)) return;
  for (const representation of representations as { __typename?: unknown; sku?: unknown }[]) {
    if (representation.__typename === "Variant" && typeof representation.sku === "string") tags.add(`Variant:${representation.sku}`);
  }
}

/** The subgraph whose products CATALOG_CHANGED announces. */
const CATALOG = "catalog";
/**
 * Every answer that read anything of the catalog. A product's save can change any such answer — a search or listing
 * it now enters or leaves, its page, its price in an order line — so CATALOG_CHANGED evicts them all: saves are rare
 * next to reads, and an answer built again is the catalog as it now is.
 */
const CATALOG_TAG = "subgraph:catalog";

/** The tags STOCK_CHANGED evicts. */
function stockTags(event: Extract<DomainEvent, { type: "STOCK_CHANGED" }>): string[] {
  return [...new Set(event.payload.levels.map((level) => `Variant:${level.sku}`))];
}

const MAX_AGE = /(?:^|,)\s*max-age=(\d+)\s*(?:,|$)/i;
const PRIVATE = /(?:^|,)\s*private\s*(?:,|$)/i;

/**
 * For the datasource, on every answer of the subgraph named `subgraph`: the answer's Cache-Control restricts the
 * request's policy as RemoteGraphQLDataSource's honorSubgraphCacheControlHeader does (no header or no max-age: not
 * cacheable); the entities the fetch was sent, and the catalog when it was asked, become the answer's tags. Costs one
 * WeakMap lookup when the request is not cached.
 */
export function noteSubgraphAnswer(
  options: GraphQLDataSourceProcessOptions<GatewayContext>,
  cacheControl: string | undefined,
  subgraph: string,
): void {
  if (!("incomingRequestContext" in options)) return;
  const policy = options.incomingRequestContext.overallCachePolicy;
  const state = pending.get(policy);
  if (state === undefined) return;
  const maxAge = cacheControl === undefined ? undefined : MAX_AGE.exec(cacheControl)?.[1];
  policy.restrict({
    maxAge: maxAge === undefined ? 0 : Number(maxAge),
    ...(cacheControl !== undefined && PRIVATE.test(cacheControl) ? { scope: "PRIVATE" } : {}),
  });
  addTags(state.tags, options.request.variables);
  if (subgraph === CATALOG) state.tags.add(CATALOG_TAG);
}

/**
 * Whole answers of public queries, kept for the shortest max-age their subgraphs allow and keyed by everything that
 * changes them (keyOf). Only a query whose every subgraph answer said PUBLIC with a max-age, with no errors, is kept;
 * anything personal has no hint, so max-age 0, and is never stored nor served from here. Every answer says
 * `x-cache: HIT` or `MISS`; a cacheable GET or persisted query of an anonymous or API-key caller says
 * `Cache-Control: public, max-age=…` so a CDN may serve it too.
 */
export function responseCache(options: ResponseCacheOptions): ApolloServerPlugin<GatewayContext> {
  const { store, logger, metrics } = options;
  const now = options.now ?? Date.now;
  let quietUntil = 0;
  // A Redis outage must not fail requests, nor log one line per request: once every 10 s is enough to be seen.
  const storeFailed = (what: string, error: unknown) => {
    const at = now();
    if (at < quietUntil) return;
    quietUntil = at + 10_000;
    logger.warn("response cache unavailable; answering without it", { what, error });
  };

  const hooks: GraphQLRequestListener<GatewayContext> = {
    async responseForOperation(requestContext) {
      if (requestContext.operation?.operation !== "query") return null;
      const state: Pending = { key: keyOf(requestContext), startedAt: now(), evictions: 0, tags: new Set(), hit: false };
      let stored: string | undefined;
      try {
        const lookup = await store.get(state.key);
        stored = lookup.value;
        state.evictions = lookup.evictions;
        // Registered only once the store answered: without it, the answer is neither tagged nor stored.
        pending.set(requestContext.overallCachePolicy, state);
      } catch (error) {
        storeFailed("get", error);
      }
      if (stored === undefined) {
        metrics?.cache("miss");
        return null;
      }
      // Stored as `[expiresAt,data]`: the data's own JSON, wrapped without a second serialisation.
      const [expiresAt, data] = JSON.parse(stored) as [number, Record<string, unknown>];
      state.hit = true;
      metrics?.cache("hit");
      // What is left of its life is what a CDN may keep it for.
      requestContext.overallCachePolicy.restrict({
        maxAge: Math.max(0, Math.floor((expiresAt - state.startedAt) / 1000)),
        scope: "PUBLIC",
      });
      return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: { data } } };
    },

    async willSendResponse(requestContext) {
      const { response } = requestContext;
      const state = pending.get(requestContext.overallCachePolicy);
      response.http.headers.set("x-cache", state?.hit ? "HIT" : "MISS");
      if (state === undefined) return;
      const body = response.body.kind === "single" ? response.body.singleResult : undefined;
      if (body === undefined || body.errors !== undefined || !body.data || (response.http.status ?? 200) !== 200) return;
      const policy = requestContext.overallCachePolicy.policyIfCacheable();
      if (policy === null || policy.scope !== "PUBLIC") return;
      if (sharedCachesMayKeep(requestContext)) {
        response.http.headers.set("cache-control", `public, max-age=${policy.maxAge}`);
        const vary = response.http.headers.get("vary");
        response.http.headers.set("vary", vary ? `${vary}, ${VARY}` : VARY);
      }
      if (state.hit) return;
      const json = JSON.stringify(body.data);
      if (json.length > MAX_CACHED_BYTES) return;
      const ttlMs = policy.maxAge * 1000;
      try {
        const kept = await store.set(state.key, `[${state.startedAt + ttlMs},${json}]`, ttlMs, [...state.tags], state.evictions);
        if (kept) metrics?.cache("store");
      } catch (error) {
        storeFailed("set", error);
      }
    },
  };

  return {
    async requestDidStart() {
      return hooks;
    },
  };
}

/**
 * CDNs key by URL and cache GET only; a persisted query is a GET a CDN can key. A person's request stays `no-store`
 * even when its answer is public: a shared cache must not learn who asked for what.
 */
function sharedCachesMayKeep(requestContext: GraphQLRequestContext<GatewayContext>): boolean {
  const kind = requestContext.contextValue.viewer.kind;
  if (kind !== "anonymous" && kind !== "kiosk" && kind !== "partner") return false;
  return requestContext.request.http?.method === "GET" || requestContext.request.extensions?.persistedQuery !== undefined;
}

/**
 * Evicts, on every STOCK_CHANGED, the answers that read the SKUs' stock, and on every CATALOG_CHANGED the answers that
 * read the catalog; returns the unsubscribe. `group` is the
 * consumer group: one shared by every instance when the store is shared (one eviction clears it for all), one per
 * instance when each keeps its own.
 */
export function evictOnEvents(
  bus: EventBus,
  group: string,
  options: Pick<ResponseCacheOptions, "store" | "logger" | "metrics">,
): () => void {
  return bus.subscribe(group, async (event) => {
    const tags = event.type === "STOCK_CHANGED" ? stockTags(event) : event.type === "CATALOG_CHANGED" ? [CATALOG_TAG] : null;
    if (tags === null) return;
    // A failure is thrown back to the bus, which retries the event: an eviction must not be lost.
    const evicted = await options.store.evict(tags);
    for (let i = 0; i < evicted; i++) options.metrics?.cache("eviction");
    if (evicted > 0) options.logger.debug("cached answers evicted", { eventId: event.id, type: event.type, evicted });
  });
}
