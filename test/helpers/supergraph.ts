import { readFile } from "node:fs/promises";

/** The committed supergraph. */
export const committedSupergraph = () => readFile(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8");

const CATEGORY_NAME = `  """Display name."""\n  name: String!\n\n`;

/** The supergraph as it was before categories had a name: a field the next release adds. */
export function withoutCategoryName(sdl: string): string {
  const start = sdl.indexOf("type Category\n");
  const field = sdl.indexOf(CATEGORY_NAME, start);
  if (start < 0 || field < 0 || field > sdl.indexOf("}", start)) throw new Error("Category.name not found in the supergraph");
  return sdl.slice(0, field) + sdl.slice(field + CATEGORY_NAME.length);
}
