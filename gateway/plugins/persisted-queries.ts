import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ApolloServerPlugin, GraphQLRequest, GraphQLRequestListener } from "@apollo/server";
import { SalesChannel } from "../../lib/channel.js";
import type { PersistedQueryMode } from "../../lib/config.js";
import { ErrorCode, OmnigraphError } from "../../lib/errors.js";
import type { PersistedQueryManifest } from "../../lib/operations.js";
import type { GatewayContext } from "../context.js";

export interface PersistedQueryOptions {
  /** Largest query text, in UTF-8 bytes, that may be registered; Apollo would otherwise keep one of any size. */
  maxBytes: number;
  /** First-party clients' mode (PERSISTED_QUERIES); `allow` when omitted. */
  mode?: PersistedQueryMode;
  /** Partner keys' mode (PERSISTED_QUERIES_PARTNER); `allow` when omitted. */
  partnerMode?: PersistedQueryMode;
  /** Per-client overrides (PERSISTED_QUERIES_CLIENTS). */
  clientModes?: Record<string, PersistedQueryMode>;
  /** Where schema/manifests/<client>.json are read from, once, at start. */
  manifestsDir?: string;
}

/** The client name the sandbox sends: a staff member signed in there may send anything, to try what a client cannot. */
export const SANDBOX_CLIENT = "omnigraph-sandbox";

/**
 * One client's manifest: its operations by id, and their bodies, so a body sent in full is recognised by a set lookup
 * rather than by hashing it on every request.
 */
export interface ClientManifest {
  byId: Map<string, string>;
  bodies: Set<string>;
}

/** Each client's manifest. A missing directory is no manifests (`require` then refuses all). */
export function loadManifests(dir: string | undefined): Map<string, ClientManifest> {
  const manifests = new Map<string, ClientManifest>();
  if (!dir) return manifests;
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith(".json"));
  } catch {
    return manifests;
  }
  for (const file of files) {
    const manifest = JSON.parse(readFileSync(join(dir, file), "utf8")) as PersistedQueryManifest;
    if (manifest.format !== "apollo-persisted-query-manifest" || manifest.version !== 1) {
      throw new Error(`${join(dir, file)} is not an apollo-persisted-query-manifest of version 1`);
    }
    manifests.set(file.slice(0, -".json".length), {
      byId: new Map(manifest.operations.map((op) => [op.id, op.body])),
      bodies: new Set(manifest.operations.map((op) => op.body)),
    });
  }
  return manifests;
}

/** Which client a request is, for persisted queries: a key says it (partner, kiosk), else apollographql-client-name. */
function clientOf(context: GatewayContext, manifests: Map<string, ClientManifest>): string | null {
  if (context.viewer.kind === "partner") return "partner";
  if (context.channel === SalesChannel.KIOSK) return "kiosk";
  const name = context.client.name;
  return name !== null && manifests.has(name) ? name : null;
}

/** Requests refused before Apollo looks at them, with why: refused in didResolveOperation, where a throw is a 400. */
const refusals = new WeakMap<GraphQLRequest, string>();

/**
 * Persisted queries, per client. Manifest operations run by id (`extensions.persistedQuery.sha256Hash` alone) in
 * `allow` and `require` without ever being registered; `require` refuses anything else, automatic registrations
 * included; `off` refuses persisted queries. Also caps what automatic persisted queries may register: Apollo stores a
 * registration after the plugins' didResolveOperation hooks have passed, so a registration refused here is never
 * stored. The entries' lifetime is Apollo's `persistedQueries.ttl` (gateway/server.ts).
 */
export function persistedQueryCap(options: PersistedQueryOptions): ApolloServerPlugin<GatewayContext> {
  const manifests = loadManifests(options.manifestsDir);
  const modeOf = (client: string | null, context: GatewayContext): PersistedQueryMode => {
    const staff = context.viewer.kind === "associate" || context.viewer.kind === "agent";
    if (staff && context.client.name === SANDBOX_CLIENT) return "allow";
    if (client !== null && options.clientModes?.[client]) return options.clientModes[client];
    return client === "partner" ? (options.partnerMode ?? "allow") : (options.mode ?? "allow");
  };
  const hooks: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ metrics, source, request }) {
      const refusal = refusals.get(request);
      if (refusal) throw new OmnigraphError(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED, refusal, { http: { status: 400 } });
      if (!metrics.persistedQueryRegister) return;
      const bytes = Buffer.byteLength(source, "utf8");
      if (bytes > options.maxBytes) {
        throw new OmnigraphError(
          ErrorCode.PERSISTED_QUERY_TOO_LARGE,
          `The query is ${bytes} bytes; a persisted query is at most ${options.maxBytes}. Send it without extensions.persistedQuery.`,
          { http: { status: 400 } },
        );
      }
    },
  };
  return {
    async requestDidStart({ request, contextValue }) {
      const client = clientOf(contextValue, manifests);
      const mode = modeOf(client, contextValue);
      const manifest = client === null ? undefined : manifests.get(client);
      const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
      const hash = typeof persisted?.sha256Hash === "string" ? persisted.sha256Hash : null;
      const known = (id: string | null) => id !== null && manifest?.byId.has(id) === true;
      if (mode === "off") {
        if (persisted)
          refuse(request, `Persisted queries are off for ${client ?? "this client"}: send the query without extensions.persistedQuery.`);
        return hooks;
      }
      if (request.query === undefined && known(hash)) {
        // A manifest operation by id: its body is the manifest's, so nothing is ever registered for it.
        useManifestBody(request, manifest!.byId.get(hash!)!);
        return hooks;
      }
      if (mode === "require") {
        if (request.query !== undefined && manifest?.bodies.has(request.query) === true) {
          // The identical body is the manifest operation; an APQ extension alongside it registers nothing.
          if (persisted) useManifestBody(request, request.query);
        } else if (client === null) {
          refuse(
            request,
            "Only safelisted operations are accepted here: name your client (apollographql-client-name) and send an operation of its manifest.",
          );
        } else {
          refuse(
            request,
            `Only operations in the ${client} manifest are accepted: send one by its id (extensions.persistedQuery.sha256Hash) or its identical body.`,
          );
        }
      }
      return hooks;
    },
  };
}

function useManifestBody(request: GraphQLRequest, body: string): void {
  request.query = body;
  const { persistedQuery: _, ...rest } = request.extensions ?? {};
  request.extensions = rest;
}

/**
 * Apollo reads the request after requestDidStart and fails a hook's throw there as a 500; a refused request runs
 * as a document that costs nothing to parse and validate, and is refused in didResolveOperation, before any
 * planning or subgraph fetch.
 */
function refuse(request: GraphQLRequest, message: string): void {
  refusals.set(request, message);
  useManifestBody(request, "{ __typename }");
  request.operationName = undefined;
}

/**
 * Apollo answers a wrong hash and an unsupported version with a 400 whose error has no code, which the gateway
 * would mask as an internal error and log; these are the client's mistakes, so they get codes of their own. Apollo's
 * wording is matched exactly: test/gateway/persisted-queries.test.ts fails if an upgrade changes it.
 */
const APOLLO_PERSISTED_QUERY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  "provided sha does not match query": {
    code: ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
    message: "extensions.persistedQuery.sha256Hash is not the SHA-256 (lowercase hex) of the query.",
  },
  "Unsupported persisted query version": {
    code: ErrorCode.PERSISTED_QUERY_VERSION_NOT_SUPPORTED,
    message: "Only persisted queries of version 1 are supported: extensions.persistedQuery { version: 1, sha256Hash }.",
  },
};

/** For formatError, before masking: Apollo's uncoded persisted-query errors with our codes; anything else as it was. */
export function codePersistedQueryError<T extends { message: string; extensions?: Record<string, unknown> }>(formatted: T): T {
  if (formatted.extensions?.code !== ErrorCode.INTERNAL_SERVER_ERROR && formatted.extensions?.code !== undefined) return formatted;
  const known = APOLLO_PERSISTED_QUERY_ERRORS[formatted.message];
  return known ? { ...formatted, message: known.message, extensions: { ...formatted.extensions, code: known.code } } : formatted;
}
