import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  extendSchema,
  GraphQLSchema,
  Kind,
  parse,
  print,
  validate,
  visit,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from "graphql";

/**
 * The clients' operations, as kept in schema/operations/<client>/*.graphql (fragments shared by every client in
 * schema/operations/fragments/), and the persisted-query manifest each client ships: Apollo's
 * `apollo-persisted-query-manifest` format, one entry per named operation, id = sha256 of the body. The body is the
 * operation printed by graphql-js followed by the fragments it uses, by name, so the same operation always has the
 * same id whatever the source's layout.
 */
export const SHARED_FRAGMENTS = "fragments";

export interface ClientOperation {
  client: string;
  name: string;
  type: "query" | "mutation" | "subscription";
  /** Where it is written, relative to the operations directory. */
  file: string;
  body: string;
  id: string;
}

export interface PersistedQueryManifest {
  format: "apollo-persisted-query-manifest";
  version: 1;
  operations: { id: string; name: string; type: ClientOperation["type"]; body: string }[];
}

export interface LoadedOperations {
  operations: ClientOperation[];
  /** Mistakes in the files themselves: duplicate or anonymous operations, missing fragments. */
  problems: string[];
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

async function graphqlFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(".graphql")).sort();
  } catch {
    return [];
  }
}

async function definitionsIn(dir: string, relative: string, problems: string[]): Promise<{ node: DefinitionNode; file: string }[]> {
  const out: { node: DefinitionNode; file: string }[] = [];
  for (const name of await graphqlFiles(dir)) {
    const file = `${relative}/${name}`;
    try {
      for (const node of parse(await readFile(join(dir, name), "utf8")).definitions) out.push({ node, file });
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  return out;
}

/** Every client's operations under `dir`, each with the fragments it uses. */
export async function loadOperations(dir: string): Promise<LoadedOperations> {
  const problems: string[] = [];
  const shared = new Map<string, FragmentDefinitionNode>();
  for (const { node, file } of await definitionsIn(join(dir, SHARED_FRAGMENTS), SHARED_FRAGMENTS, problems)) {
    if (node.kind !== Kind.FRAGMENT_DEFINITION) problems.push(`${file}: only fragments belong in ${SHARED_FRAGMENTS}/`);
    else if (shared.has(node.name.value)) problems.push(`${file}: fragment ${node.name.value} is defined twice`);
    else shared.set(node.name.value, node);
  }
  const clients = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && entry.name !== SHARED_FRAGMENTS)
    .map((entry) => entry.name)
    .sort();
  const operations: ClientOperation[] = [];
  for (const client of clients) {
    const fragments = new Map(shared);
    const ops: { node: OperationDefinitionNode; file: string }[] = [];
    for (const { node, file } of await definitionsIn(join(dir, client), client, problems)) {
      if (node.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(node.name.value)) problems.push(`${file}: fragment ${node.name.value} is defined twice`);
        fragments.set(node.name.value, node);
      } else if (node.kind === Kind.OPERATION_DEFINITION) {
        if (!node.name) problems.push(`${file}: every operation needs a name (it names the manifest entry)`);
        else if (ops.some((op) => op.node.name!.value === node.name!.value))
          problems.push(`${file}: ${client} has two operations named ${node.name.value}`);
        else ops.push({ node, file });
      }
    }
    for (const { node, file } of ops) {
      const used = fragmentsUsed(node, fragments);
      for (const missing of used.missing) problems.push(`${file}: operation ${node.name!.value} uses fragment ${missing}, defined nowhere`);
      const body = [node, ...used.found].map((definition) => print(definition)).join("\n\n");
      operations.push({ client, name: node.name!.value, type: node.operation, file, body, id: sha256(body) });
    }
  }
  return { operations, problems };
}

/** The fragments an operation spreads, directly or through other fragments, sorted by name. */
function fragmentsUsed(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>) {
  const found = new Map<string, FragmentDefinitionNode>();
  const missing = new Set<string>();
  const walk = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (found.has(name) || missing.has(name)) return;
        const fragment = fragments.get(name);
        if (!fragment) return void missing.add(name);
        found.set(name, fragment);
        walk(fragment);
      },
    });
  walk(operation);
  return { found: [...found.values()].sort((a, b) => a.name.value.localeCompare(b.name.value)), missing: [...missing] };
}

export function manifestOf(operations: readonly ClientOperation[]): PersistedQueryManifest {
  return {
    format: "apollo-persisted-query-manifest",
    version: 1,
    operations: [...operations].sort((a, b) => a.name.localeCompare(b.name)).map(({ id, name, type, body }) => ({ id, name, type, body })),
  };
}

export const printManifest = (manifest: PersistedQueryManifest) => JSON.stringify(manifest, null, 2) + "\n";

/** The client whose operations are validated against the partner contract rather than the whole graph. */
export const PARTNER_CLIENT = "partner";

/** The schema a client's operations run against, with @defer declared as the gateway declares it. */
export function withDefer(schema: GraphQLSchema): GraphQLSchema {
  if (schema.getDirective("defer")) return schema;
  return extendSchema(schema, parse(`directive @defer(if: Boolean! = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT`));
}

/** Every operation that does not validate, as `<client> operation <Name> (<file>): <message>`. */
export function validateOperations(
  operations: readonly ClientOperation[],
  schemas: { full: GraphQLSchema; partner: GraphQLSchema },
): string[] {
  const full = withDefer(schemas.full);
  const partner = withDefer(schemas.partner);
  const problems: string[] = [];
  for (const operation of operations) {
    const schema = operation.client === PARTNER_CLIENT ? partner : full;
    const against = operation.client === PARTNER_CLIENT ? "the partner contract" : "the supergraph";
    for (const error of validate(schema, parse(operation.body))) {
      problems.push(
        `${operation.client} operation ${operation.name} (schema/operations/${operation.file}) breaks against ${against}: ${error.message}`,
      );
    }
  }
  return problems;
}
