import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { ephemeralAuth } from "../auth/secrets.js";
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from "../config.js";
import { MemoryEventBus } from "../events.js";
import { createLogger } from "../logger.js";
import { printSchema } from "graphql";
import { contractSchema } from "../../gateway/contract.js";
import { SUBGRAPHS } from "../../subgraphs/registry.js";

/**
 * The schema pipeline. `print`: each subgraph's SDL from its code into schema/<name>.graphql. `compose`: those files
 * into schema/supergraph.graphql with @apollo/composition (no network, no rover), and the partner contract the gateway
 * serves at /partner/graphql into schema/partner.graphql. `check`: fail when any is stale or composition fails — CI
 * and `npm test` run it.
 */
const SCHEMA_DIR = new URL("../../schema/", import.meta.url);
const fileOf = (name: string) => new URL(`${name}.graphql`, SCHEMA_DIR);

async function printAll(): Promise<Record<SubgraphName, string>> {
  const out = {} as Record<SubgraphName, string>;
  // Printing only builds schemas: nothing is served, published or called.
  const env = { config: loadConfig({}), auth: ephemeralAuth(), bus: new MemoryEventBus(), logger: createLogger({ level: "silent" }), redis: null };
  for (const name of SUBGRAPH_NAMES) {
    const subgraph = await SUBGRAPHS[name](env);
    out[name] = printSubgraphSchema(subgraph.schema).trimEnd() + "\n";
  }
  return out;
}

function compose(sdl: Record<SubgraphName, string>): { supergraph: string; partner: string } {
  const config = loadConfig({});
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({ name, url: config.subgraphs[name].url, typeDefs: parse(sdl[name]) })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join("\n")}`);
  }
  const partner = contractSchema(result.schema.toAPISchema().toGraphQLJSSchema(), result.supergraphSdl, "partner");
  return { supergraph: result.supergraphSdl.trimEnd() + "\n", partner: printSchema(partner).trimEnd() + "\n" };
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
      console.log("composed schema/supergraph.graphql and the partner contract schema/partner.graphql");
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
      return;
    }
    default:
      throw new Error("usage: schema.ts print | compose | check");
  }
}

main(process.argv[2]).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
