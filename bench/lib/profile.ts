import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ROOT } from "./proc.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Where the time went in a V8 .cpuprofile: self time by function, and by package (or our own file). */
export function summarizeProfile(path: string, top = 15): string {
  const profile = JSON.parse(readFileSync(path, "utf8")) as { nodes: ProfileNode[] };
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idle += hits;
      continue;
    }
    total += hits;
    const place = placeOf(url);
    const key = `${functionName || "(anonymous)"}  ${place}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    byPlace.set(place, (byPlace.get(place) ?? 0) + hits);
  }
  const share = (hits: number) => `${((hits / total) * 100).toFixed(1).padStart(5)} %`;
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => `  ${share(hits)}  ${name}`);
  return [
    `busy ${((total / (total + idle)) * 100 || 0).toFixed(0)} % of samples; self time of the busy part:`,
    "by package:",
    ...list(byPlace),
    "by function:",
    ...list(byFunction),
  ].join("\n");
}

function placeOf(url: string): string {
  if (!url) return "(native / GC / program)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith("node:")) return url;
  const root = pathToFileURL(ROOT).href;
  if (url.startsWith(root)) return url.slice(root.length);
  // A gateway measured with --ours-at runs from a worktree under the bench's temporary folder.
  const worktree = url.indexOf("/ours/");
  return worktree >= 0 ? url.slice(worktree + "/ours/".length) : url;
}

interface AllocationNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocationNode[];
}

/** What a sampled .heapprofile says was allocated: in all and per request, by package and by function. */
export function summarizeAllocations(path: string, requests: number, top = 12): string {
  const { head } = JSON.parse(readFileSync(path, "utf8")) as { head: AllocationNode };
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  const visit = (node: AllocationNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url);
    const key = `${functionName || "(anonymous)"}  ${place}${url ? `:${lineNumber + 1}` : ""}`;
    total += node.selfSize;
    byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
    byPlace.set(place, (byPlace.get(place) ?? 0) + node.selfSize);
    node.children.forEach(visit);
  };
  visit(head);
  const perRequest = (bytes: number) => `${(bytes / requests / 1024).toFixed(1).padStart(7)} KB/request`;
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, bytes]) => `  ${perRequest(bytes)}  ${name}`);
  return [
    `allocated ${(total / 2 ** 20).toFixed(1)} MB, ${perRequest(total).trim()}`,
    "by package:",
    ...list(byPlace),
    "by function:",
    ...list(byFunction),
  ].join("\n");
}
