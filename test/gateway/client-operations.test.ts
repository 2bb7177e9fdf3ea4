import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOperations, manifestOf, printManifest, sha256 } from "../../lib/operations.js";

// schema:check holds every client's operations against the graph. Here the checker runs, as CI would, on a scratch
// copy of schema/ where a proposed supergraph breaks the clients.

const run = promisify(execFile);
const SCHEMA = new URL("../../schema/", import.meta.url).pathname;
const CLI = new URL("../../cli/schema.ts", import.meta.url).pathname;
const TSX = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "omnigraph-schema-"));
  await cp(SCHEMA, scratch, { recursive: true });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function check(): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, "check-operations", scratch, "--base", join(SCHEMA, "supergraph.graphql")], {
      timeout: 60_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

/** The scratch supergraph with `edit` applied; the edit must change something, or the test would prove nothing. */
async function propose(edit: (sdl: string) => string): Promise<void> {
  const original = await readFile(join(SCHEMA, "supergraph.graphql"), "utf8");
  const changed = edit(original);
  expect(changed).not.toBe(original);
  await writeFile(join(scratch, "supergraph.graphql"), changed);
}

describe("the operation checker", () => {
  it("passes the committed schema, operations and manifests", async () => {
    await propose((sdl) => sdl + "\n");
    const result = await check();
    expect(result.out).toMatch(/operations: \d+ named operations of associate, callcenter, kiosk, mobile, partner, web validate/);
    expect(result.code).toBe(0);
  }, 90_000);

  it("fails a supergraph that removes a field clients use, naming each operation and the undeprecated removal", async () => {
    // Loyalty points go: the app home, the associate's clienteling and the call-center's 360 read them.
    await propose((sdl) => sdl.replace(/(type Loyalty\b[^{]*\{[\s\S]*?)\n\s*"""Points balance[^"]*"""\n\s*points: Int!\n/, "$1\n"));
    const result = await check();
    expect(result.code).not.toBe(0);
    expect(result.out).toMatch(
      /mobile operation AppHome \(schema\/operations\/mobile\/app\.graphql\) breaks against the supergraph: Cannot query field "points" on type "Loyalty"/,
    );
    expect(result.out).toContain("associate operation Clienteling");
    expect(result.out).toContain("callcenter operation Customer360");
    expect(result.out).toContain("Loyalty.points was removed without being @deprecated first");
    expect(result.out).toContain("breaking: Loyalty.points was removed");
  }, 90_000);

  it("holds partner operations to the partner contract: a field untagged from it breaks them", async () => {
    // Locations leave the partner contract: the partner's store finder no longer validates, the web's still does.
    await propose((sdl) => sdl.replace(/(type Location\n(?:\s+@[^\n]+\n)*?)\s+@tag\(name: "partner"\)\n/, "$1"));
    const result = await check();
    expect(result.code).not.toBe(0);
    expect(result.out).toContain(
      "partner operation PartnerStoresByCapability (schema/operations/partner/locations.graphql) breaks against the partner contract",
    );
    expect(result.out).not.toContain("web operation StoreLocator");
  }, 90_000);

  it("lets a deprecated field go from the schema's side; what still uses it fails by name", async () => {
    const original = await readFile(join(SCHEMA, "supergraph.graphql"), "utf8");
    // The committed base deprecates the field first; the proposal removes it.
    const base = original.replace(
      /(\n\s*)pickupLeadTimeMinutes: Int/,
      '$1pickupLeadTimeMinutes: Int @deprecated(reason: "Use pickupReadyBy.")',
    );
    expect(base).not.toBe(original);
    const basePath = join(scratch, "base.graphql");
    await writeFile(basePath, base);
    await propose((sdl) => sdl.replace(/\n\s*"""[^"]*"""\n\s*pickupLeadTimeMinutes: Int[^\n]*\n/, "\n"));
    const result = await run(TSX, [CLI, "check-operations", scratch, "--base", basePath], { timeout: 60_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
    );
    expect(result.out).not.toContain("pickupLeadTimeMinutes was removed without being @deprecated first");
    expect(result.out).toContain("breaking: Location.pickupLeadTimeMinutes was removed");
    // The LocationCard fragment still asks for it, so every operation spreading it is named.
    expect(result.code).not.toBe(0);
    expect(result.out).toMatch(/web operation StoreLocator .*Cannot query field "pickupLeadTimeMinutes"/);
  }, 90_000);

  it("fails when a client's manifest is stale", async () => {
    await propose((sdl) => sdl + "\n");
    const manifestPath = join(scratch, "manifests", "kiosk.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8"));
    manifest.operations.pop();
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
    const result = await check();
    expect(result.code).not.toBe(0);
    expect(result.out).toContain("schema/manifests/kiosk.json is stale");
  }, 90_000);
});

describe("the manifests", () => {
  it("are Apollo's format, one per client, each id the sha256 of its body, and what the operations print to", async () => {
    const loaded = await loadOperations(join(SCHEMA, "operations"));
    expect(loaded.problems).toEqual([]);
    expect(loaded.operations.length).toBeGreaterThanOrEqual(40);
    for (const client of ["web", "mobile", "kiosk", "associate", "callcenter", "partner"]) {
      const text = await readFile(join(SCHEMA, "manifests", `${client}.json`), "utf8");
      const manifest = JSON.parse(text);
      expect(manifest.format).toBe("apollo-persisted-query-manifest");
      expect(manifest.version).toBe(1);
      expect(manifest.operations.length, client).toBeGreaterThan(2);
      for (const op of manifest.operations) {
        expect(op.id).toBe(sha256(op.body));
        expect(["query", "mutation", "subscription"]).toContain(op.type);
        // A body carries the fragments it uses, so it runs on its own.
        expect(op.body.startsWith(`${op.type} ${op.name}`)).toBe(true);
      }
      expect(text).toBe(printManifest(manifestOf(loaded.operations.filter((op) => op.client === client))));
    }
  });
});
