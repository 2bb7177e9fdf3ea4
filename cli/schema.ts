import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { ephemeralAuth } from "../lib/auth/secrets.js";
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from "../lib/config.js";
import { MemoryEventBus } from "../lib/events.js";
import { createLogger } from "../lib/logger.js";
import { printSchema } from "graphql";
import { contractSchema } from "../gateway/contract.js";
import { createFromEnv } from "../subgraphs/registry.js";
import { loadOperations, manifestOf, printManifest, validateOperations } from "../lib/operations.js";
import { breakingChanges, documentation, schemasOf } from "../lib/schema-checks.js";

/**
 * The schema pipeline. `print`: each subgraph's SDL from its code into schema/<name>.graphql. `compose`: those files
 * into schema/supergraph.graphql with @apollo/composition (no network, no rover), and the partner contract the gateway
 * serves at /partner/graphql into schema/partner.graphql, and each client's persisted-query manifest from
 * schema/operations/ into schema/manifests/. `check`: fail when any is stale, composition fails, a client's operation
 * no longer validates, a field, argument or enum value went without being deprecated first, or something is
 * undescribed — CI and `npm test` run it. `check-operations <dir> [--base <supergraph>]`: the operation checks alone,
 * on a copy of schema/ (how a proposed supergraph is tried against the clients before it is committed).
 */
const SCHEMA_DIR = new URL("../schema/", import.meta.url);
const fileOf = (name: string) => new URL(`${name}.graphql`, SCHEMA_DIR);

async function printAll(): Promise<Record<SubgraphName, string>> {
  const out = {} as Record<SubgraphName, string>;
  // Printing only builds schemas: nothing is served, published or called.
  const env = {
    config: loadConfig({}),
    auth: ephemeralAuth(),
    bus: new MemoryEventBus(),
    logger: createLogger({ level: "silent" }),
    redis: null,
  };
  for (const name of SUBGRAPH_NAMES) {
    const subgraph = await createFromEnv(name, env);
    out[name] = printSubgraphSchema(subgraph.schema).trimEnd() + "\n";
  }
  return out;
}

function compose(sdl: Record<SubgraphName, string>): { supergraph: string; partner: string } {
  const config = loadConfig({});
  const result = composeServices(SUBGRAPH_NAMES.map((name) => ({ name, url: config.subgraphs[name].url, typeDefs: parse(sdl[name]) })));
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join("\n")}`);
  }
  const partner = contractSchema(result.schema.toAPISchema().toGraphQLJSSchema(), result.supergraphSdl, "partner");
  return { supergraph: result.supergraphSdl.trimEnd() + "\n", partner: printSchema(partner).trimEnd() + "\n" };
}

interface OperationCheck {
  problems: string[];
  /** Lines worth printing whether or not anything failed. */
  report: string[];
  manifests: Record<string, string>;
}

/**
 * The clients' side of a supergraph: every operation validates (partner ones against the partner contract), each
 * client's manifest matches its operations, and nothing was removed from `baseSdl` without a deprecation first.
 */
async function checkOperations(supergraphSdl: string, dir: URL, baseSdl: string | null): Promise<OperationCheck> {
  const schemas = schemasOf(supergraphSdl);
  const loaded = await loadOperations(fileURLToPath(new URL("operations/", dir)));
  const problems = [...loaded.problems, ...validateOperations(loaded.operations, schemas)];
  const report: string[] = [];
  const clients = [...new Set(loaded.operations.map((op) => op.client))];
  const manifests: Record<string, string> = {};
  for (const client of clients) {
    manifests[client] = printManifest(manifestOf(loaded.operations.filter((op) => op.client === client)));
    const committed = await readFile(new URL(`manifests/${client}.json`, dir), "utf8").catch(() => null);
    if (committed !== manifests[client]) problems.push(`schema/manifests/${client}.json is stale: run npm run schema:compose`);
  }
  report.push(`operations: ${loaded.operations.length} named operations of ${clients.join(", ")} validate; one manifest per client`);
  if (baseSdl !== null) {
    const breaking = breakingChanges(schemasOf(baseSdl).full, schemas.full);
    for (const change of breaking.changes) report.push(`  breaking: ${change}`);
    problems.push(...breaking.undeprecatedRemovals);
    report.push(`breaking changes against the committed supergraph: ${breaking.changes.length}`);
  }
  return { problems, report, manifests };
}

/** The supergraph as last committed, or null outside a git checkout (then nothing is compared). */
function committedSupergraph(): string | null {
  try {
    return execFileSync("git", ["show", "HEAD:schema/supergraph.graphql"], {
      cwd: fileURLToPath(SCHEMA_DIR),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return null;
  }
}

async function readCommitted(name: string): Promise<string | null> {
  try {
    return await readFile(fileOf(name), "utf8");
  } catch {
    return null;
  }
}

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case "print": {
      const sdl = await printAll();
      for (const name of SUBGRAPH_NAMES) await writeFile(fileOf(name), sdl[name]);
      console.log(`printed ${SUBGRAPH_NAMES.map((n) => `schema/${n}.graphql`).join(", ")}`);
      return;
    }
    case "compose": {
      const sdl = {} as Record<SubgraphName, string>;
      for (const name of SUBGRAPH_NAMES) {
        const text = await readCommitted(name);
        if (text === null) throw new Error(`schema/${name}.graphql is missing: run npm run schema:print`);
        sdl[name] = text;
      }
      const composed = compose(sdl);
      await writeFile(fileOf("supergraph"), composed.supergraph);
      await writeFile(fileOf("partner"), composed.partner);
      const operations = await checkOperations(composed.supergraph, SCHEMA_DIR, null);
      await mkdir(new URL("manifests/", SCHEMA_DIR), { recursive: true });
      for (const [client, manifest] of Object.entries(operations.manifests))
        await writeFile(new URL(`manifests/${client}.json`, SCHEMA_DIR), manifest);
      console.log("composed schema/supergraph.graphql, the partner contract schema/partner.graphql and schema/manifests/*.json");
      const broken = operations.problems.filter((problem) => !problem.includes(" is stale"));
      if (broken.length > 0) throw new Error(`Client operations no longer valid:\n  - ${broken.join("\n  - ")}`);
      return;
    }
    case "check": {
      const sdl = await printAll();
      const stale: string[] = [];
      for (const name of SUBGRAPH_NAMES) if ((await readCommitted(name)) !== sdl[name]) stale.push(`schema/${name}.graphql`);
      const composed = compose(sdl);
      if ((await readCommitted("supergraph")) !== composed.supergraph) stale.push("schema/supergraph.graphql");
      if ((await readCommitted("partner")) !== composed.partner) stale.push("schema/partner.graphql");
      if (stale.length > 0) {
        throw new Error(`Stale schema artifacts: ${stale.join(", ")}. Run: npm run schema:print && npm run schema:compose`);
      }
      console.log("schema: subgraph SDL, supergraph and partner contract are up to date; composition succeeds");
      const operations = await checkOperations(composed.supergraph, SCHEMA_DIR, committedSupergraph());
      for (const line of operations.report) console.log(line);
      const docs = documentation(schemasOf(composed.supergraph).full);
      console.log(
        `docs: ${docs.described} types, fields, arguments and enum values described; ${docs.missing.length} without a description`,
      );
      const problems = [...operations.problems, ...docs.missing.map((coordinate) => `${coordinate} has no description`)];
      if (problems.length > 0) throw new Error(`Schema check failed:\n  - ${problems.join("\n  - ")}`);
      return;
    }
    case "check-operations": {
      const [dir, flag, basePath] = process.argv.slice(3);
      if (!dir || (flag !== undefined && flag !== "--base"))
        throw new Error("usage: schema.ts check-operations <schema dir> [--base <supergraph file>]");
      const root = pathToFileURL(join(resolve(dir), "/"));
      const supergraph = await readFile(new URL("supergraph.graphql", root), "utf8");
      const operations = await checkOperations(supergraph, root, basePath ? await readFile(basePath, "utf8") : null);
      for (const line of operations.report) console.log(line);
      if (operations.problems.length > 0) throw new Error(`Operation check failed:\n  - ${operations.problems.join("\n  - ")}`);
      return;
    }
    default:
      throw new Error("usage: schema.ts print | compose | check | check-operations <dir> [--base <supergraph>]");
  }
}

main(process.argv[2]).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
