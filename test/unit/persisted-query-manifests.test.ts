import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GraphQLRequest, GraphQLRequestContextDidResolveOperation, GraphQLRequestListener } from "@apollo/server";
import { describe, expect, it } from "vitest";
import { SalesChannel } from "../../lib/channel.js";
import type { PersistedQueryMode } from "../../lib/config.js";
import { ErrorCode } from "../../lib/errors.js";
import { manifestOf, sha256 } from "../../lib/operations.js";
import type { GatewayContext } from "../../gateway/context.js";
import { loadManifests, persistedQueryCap, SANDBOX_CLIENT } from "../../gateway/plugins/persisted-queries.js";

// How a request is matched against its client's manifest (gateway/plugins/persisted-queries.ts): by id, by identical
// body, per client and mode. No server: the plugin's hooks are called as Apollo would call them.

const PRODUCT = "query Product($id: ID!) { product(id: $id) { id name } }";
const CART = "query Cart { cart { id } }";
const dir = mkdtempSync(join(tmpdir(), "manifests-"));
const manifestFile = (client: string, operations: { name: string; body: string }[]) =>
  manifestOf(
    operations.map(({ name, body }) => ({ client, name, type: "query" as const, file: `${name}.graphql`, body, id: sha256(body) })),
  );
writeFileSync(join(dir, "web.json"), JSON.stringify(manifestFile("web", [{ name: "Product", body: PRODUCT }])));
writeFileSync(join(dir, "kiosk.json"), JSON.stringify(manifestFile("kiosk", [{ name: "Cart", body: CART }])));
writeFileSync(join(dir, "notes.txt"), "not a manifest");

type Who = { viewer?: string; channel?: SalesChannel; client?: string | null };

function contextOf({ viewer = "anonymous", channel = SalesChannel.WEB, client = null }: Who): GatewayContext {
  return { viewer: { kind: viewer }, channel, client: { name: client } } as unknown as GatewayContext;
}

/** What the request becomes, and whether it is refused (with the code the client would see). */
async function send(
  request: GraphQLRequest,
  who: Who,
  modes: { mode?: PersistedQueryMode; partnerMode?: PersistedQueryMode; clientModes?: Record<string, PersistedQueryMode> } = {},
) {
  const plugin = persistedQueryCap({ maxBytes: 65_536, manifestsDir: dir, ...modes });
  const hooks = (await plugin.requestDidStart!({
    request,
    contextValue: contextOf(who),
  } as never)) as GraphQLRequestListener<GatewayContext>;
  try {
    await hooks.didResolveOperation!({
      request,
      metrics: {},
      source: request.query ?? "",
    } as unknown as GraphQLRequestContextDidResolveOperation<GatewayContext>);
    return { query: request.query, extensions: request.extensions, refused: null };
  } catch (error) {
    return { query: request.query, extensions: request.extensions, refused: (error as { extensions: { code: string } }).extensions.code };
  }
}

const byId = (body: string): GraphQLRequest => ({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(body) } } });

describe("reading manifests", () => {
  it("keeps each client's operations by id and by body; other files are not manifests", () => {
    const manifests = loadManifests(dir);
    expect([...manifests.keys()].sort()).toEqual(["kiosk", "web"]);
    expect(manifests.get("web")?.byId.get(sha256(PRODUCT))).toBe(PRODUCT);
    expect(manifests.get("web")?.bodies.has(PRODUCT)).toBe(true);
  });

  it("has none for a missing directory, and refuses a file that is not a manifest of version 1", () => {
    expect(loadManifests(join(dir, "missing")).size).toBe(0);
    expect(loadManifests(undefined).size).toBe(0);
    const bad = mkdtempSync(join(tmpdir(), "manifests-bad-"));
    writeFileSync(join(bad, "web.json"), JSON.stringify({ format: "apollo-persisted-query-manifest", version: 2, operations: [] }));
    expect(() => loadManifests(bad)).toThrow(/version 1/);
  });
});

describe("matching a request to its client's manifest", () => {
  it("runs a manifest operation by id alone, in allow and require, without registering anything", async () => {
    for (const mode of ["allow", "require"] as const) {
      const sent = await send(byId(PRODUCT), { client: "web" }, { mode });
      expect(sent).toEqual({ query: PRODUCT, extensions: {}, refused: null });
    }
  });

  it("under require, accepts the identical body and refuses any other operation, or a client with no manifest", async () => {
    expect((await send({ query: PRODUCT }, { client: "web" }, { mode: "require" })).refused).toBeNull();
    expect((await send({ query: PRODUCT + " " }, { client: "web" }, { mode: "require" })).refused).toBe(
      ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
    );
    expect((await send({ query: CART }, { client: "web" }, { mode: "require" })).refused).toBe(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED);
    expect((await send({ query: PRODUCT }, { client: "unknown-app" }, { mode: "require" })).refused).toBe(
      ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
    );
    // Another client's id is not this client's operation.
    expect((await send(byId(CART), { client: "web" }, { mode: "require" })).refused).toBe(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED);
  });

  it("under allow, lets any operation through untouched", async () => {
    expect(await send({ query: CART }, { client: "web" }, { mode: "allow" })).toEqual({
      query: CART,
      extensions: undefined,
      refused: null,
    });
  });

  it("under off, refuses anything sent as a persisted query, even a manifest id", async () => {
    expect((await send(byId(PRODUCT), { client: "web" }, { mode: "off" })).refused).toBe(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED);
    expect((await send({ query: PRODUCT }, { client: "web" }, { mode: "off" })).refused).toBeNull();
  });

  it("knows the kiosk by its channel and partners by their key, whatever client name they send", async () => {
    expect((await send(byId(CART), { channel: SalesChannel.KIOSK, client: "web" }, { mode: "require" })).query).toBe(CART);
    const partner = await send({ query: PRODUCT }, { viewer: "partner", client: "web" }, { mode: "require", partnerMode: "require" });
    expect(partner.refused).toBe(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED);
    expect((await send({ query: PRODUCT }, { viewer: "partner" }, { mode: "require" })).refused).toBeNull();
  });

  it("applies per-client overrides, and lets staff in the sandbox send anything", async () => {
    expect((await send({ query: CART }, { client: "web" }, { mode: "allow", clientModes: { web: "require" } })).refused).toBe(
      ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
    );
    expect((await send({ query: CART }, { viewer: "associate", client: SANDBOX_CLIENT }, { mode: "require" })).refused).toBeNull();
    expect((await send({ query: CART }, { viewer: "customer", client: SANDBOX_CLIENT }, { mode: "require" })).refused).toBe(
      ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
    );
  });
});
