import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "../../gateway/server.js";
import { loadConfig, type SubgraphName } from "../../lib/config.js";
import { createLogger } from "../../lib/logger.js";
import { postGraphQL, startGraph, type TestGraph } from "../helpers/graph.js";
import { startSubgraphProxy } from "../helpers/subgraph-proxy.js";
import { committedSupergraph, withoutCategoryName } from "../helpers/supergraph.js";

let dir: string;
let file: string;
let current: string;
let graph: TestGraph;

/** Replaced as a deploy tool does: written beside it, then renamed over it in one step. */
async function replaceSupergraph(text: string) {
  const next = join(dir, `next-${Date.now()}.graphql`);
  await writeFile(next, text);
  await rename(next, file);
}

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "omnigraph-reload-"));
  file = join(dir, "supergraph.graphql");
  current = await committedSupergraph();
  await writeFile(file, withoutCategoryName(current));
  // Every request is planned (no response cache), and 200 clients from one address are not rate limited.
  graph = await startGraph({}, { supergraphFile: file, env: { RESPONSE_CACHE: "off", RATE_LIMIT_ANONYMOUS: "1000000" } });
});
afterAll(async () => {
  await graph?.close();
  await rm(dir, { recursive: true, force: true });
});

const NAMES = `{ categories { id name } }`;
const messages = () => graph.logs.map((line) => line.msg);

describe("a new supergraph is deployed while the gateway is busy", { timeout: 60_000 }, () => {
  it("serves it without failing a single request, and the new field answers afterwards", async () => {
    const before = await graph.query(NAMES);
    expect(before.status).toBe(400);
    expect(before.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect((await postGraphQL(`${graph.gateway.origin}/partner/graphql`, NAMES, undefined, graph.key("partner"))).status).toBe(400);

    // 200 clients at once, each asking again and again until the new supergraph is served, and once more after it.
    let reloaded = false;
    const answers: { status: number; errors: unknown; ids: number; after: boolean }[] = [];
    const client = async () => {
      for (let asked = 0; asked < 50; asked++) {
        const after = reloaded;
        const answer = await graph.query(`{ categories { id parent { id } } }`);
        answers.push({ status: answer.status, errors: answer.body.errors, ids: answer.body.data?.categories?.length ?? 0, after });
        reloaded ||= messages().includes("supergraph reloaded");
        if (after) return;
      }
    };
    const clients = Array.from({ length: 200 }, client);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await replaceSupergraph(current);
    await Promise.all(clients);

    expect(reloaded).toBe(true);
    expect(answers.length).toBeGreaterThan(400);
    expect(answers.filter((a) => a.after).length).toBe(200);
    expect(answers.filter((a) => a.status !== 200 || a.errors !== undefined || a.ids === 0)).toEqual([]);
    const after = await graph.query(NAMES);
    expect(after.status).toBe(200);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.categories.every((c: { name: string }) => typeof c.name === "string" && c.name.length > 0)).toBe(true);
    // The partner contract follows: categories are tagged for partners, so their new field is theirs too.
    const partner = await postGraphQL(`${graph.gateway.origin}/partner/graphql`, NAMES, undefined, graph.key("partner"));
    expect(partner.status).toBe(200);
    expect(partner.body.data.categories[0].name).toBeTruthy();
  });

  it("refuses a broken file, says why in the log, and keeps serving the supergraph it has", async () => {
    const logged = graph.logs.length;
    await writeFile(file, `${current.slice(0, current.length / 2)}\n}}} not a supergraph`);
    await until(
      () => graph.logs.slice(logged).some((line) => line.msg === "supergraph refused; the previous one keeps serving"),
      "the refusal",
    );
    const refusal = graph.logs.slice(logged).find((line) => line.msg === "supergraph refused; the previous one keeps serving")!;
    expect(refusal.level).toBe("error");
    expect(String(refusal.reason)).toMatch(/Syntax Error/);

    const still = await graph.query(NAMES);
    expect(still.status).toBe(200);
    expect(still.body.data.categories.length).toBeGreaterThan(0);

    // /ready still says ready, and shows what was refused.
    const ready = await fetch(`${graph.gateway.origin}/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as any;
    expect(body.checks.supergraph.ok).toBe(true);
    expect(body.checks.supergraph.detail.refused.reason).toMatch(/Syntax Error/);
  });

  it("refuses a supergraph that parses but does not compose, on SIGHUP's reload too", async () => {
    // A join__graph that no longer exists: the SDL is valid GraphQL, but not a supergraph the gateway can plan on.
    await writeFile(file, current.replace(/@join__type\(graph: CATALOG, key: "id"\)/, `@join__type(graph: NOWHERE, key: "id")`));
    const result = await graph.gateway.reloadSupergraph();
    expect(result.outcome).toBe("refused");
    expect(result.reason).toBeTruthy();
    expect((await graph.query(NAMES)).status).toBe(200);

    // Put back as it was: nothing changed, nothing reloaded.
    await writeFile(file, current);
    await until(async () => (await graph.gateway.reloadSupergraph()).outcome === "unchanged", "the file to be back");
    expect((await graph.query(NAMES)).status).toBe(200);
  });
});

describe("a supergraph that moves a subgraph to a new address", { timeout: 60_000 }, () => {
  it("sends new fetches to the new address while a fetch in flight at the old one finishes, then closes the old connections", async () => {
    const oldCatalog = await startSubgraphProxy(graph.subgraphs.catalog.url);
    const newCatalog = await startSubgraphProxy(graph.subgraphs.catalog.url);
    const at = (catalogUrl: string) =>
      current.replace(/(@join__graph\(name: "(\w+)", url: ")[^"]*(")/g, (_, before: string, name: SubgraphName, after: string) => {
        return `${before}${name === "catalog" ? catalogUrl : graph.subgraphs[name].url}${after}`;
      });
    const movedDir = await mkdtemp(join(tmpdir(), "omnigraph-moved-"));
    const movedFile = join(movedDir, "supergraph.graphql");
    await writeFile(movedFile, at(oldCatalog.url));
    // Where the supergraph says, as production runs: no URL given to the gateway.
    const gateway = await createGateway(
      loadConfig({ OMNIGRAPH_ENV: "test", HOST: "127.0.0.1", SUPERGRAPH_PATH: movedFile, RESPONSE_CACHE: "off", SUBGRAPH_DEDUP: "false" }),
      { auth: graph.auth, logger: createLogger({ level: "silent" }) },
    ).listen(0, "127.0.0.1");
    try {
      expect((await postGraphQL(gateway.url, NAMES)).body.data.categories.length).toBeGreaterThan(0);
      expect(oldCatalog.requests).toHaveLength(1);

      // One fetch held at the old address while the supergraph moves the catalog.
      oldCatalog.holding = true;
      const inFlight = postGraphQL(gateway.url, NAMES);
      await until(() => oldCatalog.held === 1, "the fetch to reach the old address");
      await writeFile(movedFile, at(newCatalog.url));
      expect((await gateway.reloadSupergraph()).outcome).toBe("reloaded");

      const moved = await postGraphQL(gateway.url, NAMES);
      expect(moved.body.errors).toBeUndefined();
      expect(newCatalog.requests).toHaveLength(1);

      oldCatalog.release();
      const finished = await inFlight;
      expect(finished.body.errors).toBeUndefined();
      expect(finished.body.data).toEqual(moved.body.data);
      // Nothing more reaches the old address, and the connection the gateway kept to it is closed.
      await postGraphQL(gateway.url, NAMES);
      expect(oldCatalog.requests).toHaveLength(2);
      expect(newCatalog.requests).toHaveLength(2);
      await until(() => oldCatalog.openConnections() === 0, "the old address's connections to close");
    } finally {
      await gateway.close();
      await Promise.all([oldCatalog.close(), newCatalog.close()]);
      await rm(movedDir, { recursive: true, force: true });
    }
  });
});
