import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ROOT } from "./proc.js";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
}

interface AllocationNode {
  callFrame: CallFrame;
  selfSize: number;
  children: AllocationNode[];
}

/** Amounts (samples, bytes) summed by function and by package (or our own file), listed largest first. */
class Tally {
  total = 0;
  private readonly byFunction = new Map<string, number>();
  private readonly byPlace = new Map<string, number>();

  add({ functionName, url, lineNumber }: CallFrame, amount: number): void {
    const place = placeOf(url);
    const key = `${functionName || "(anonymous)"}  ${place}${url ? `:${lineNumber + 1}` : ""}`;
    this.total += amount;
    this.byFunction.set(key, (this.byFunction.get(key) ?? 0) + amount);
    this.byPlace.set(place, (this.byPlace.get(place) ?? 0) + amount);
  }

  /** The top `top` by package, then by function, each amount written by `format`. */
  lines(format: (amount: number) => string, top: number): string[] {
    const list = (map: Map<string, number>) =>
      [...map]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([name, amount]) => `  ${format(amount)}  ${name}`);
    return ["by package:", ...list(this.byPlace), "by function:", ...list(this.byFunction)];
  }
}

/** Where the time went in a V8 .cpuprofile: self time by function, and by package (or our own file). */
export function summarizeProfile(path: string, top = 15): string {
  const profile = JSON.parse(readFileSync(path, "utf8")) as { nodes: ProfileNode[] };
  const tally = new Tally();
  let idle = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    if (node.callFrame.functionName === "(idle)") idle += hits;
    else tally.add(node.callFrame, hits);
  }
  const share = (hits: number) => `${((hits / tally.total) * 100).toFixed(1).padStart(5)} %`;
  return [
    `busy ${((tally.total / (tally.total + idle)) * 100 || 0).toFixed(0)} % of samples; self time of the busy part:`,
    ...tally.lines(share, top),
  ].join("\n");
}

/** What a sampled .heapprofile says was allocated: in all and per request, by package and by function. */
export function summarizeAllocations(path: string, requests: number, top = 12): string {
  const { head } = JSON.parse(readFileSync(path, "utf8")) as { head: AllocationNode };
  const tally = new Tally();
  const visit = (node: AllocationNode) => {
    tally.add(node.callFrame, node.selfSize);
    node.children.forEach(visit);
  };
  visit(head);
  const perRequest = (bytes: number) => `${(bytes / requests / 1024).toFixed(1).padStart(7)} KB/request`;
  return [`allocated ${(tally.total / 2 ** 20).toFixed(1)} MB, ${perRequest(tally.total).trim()}`, ...tally.lines(perRequest, top)].join(
    "\n",
  );
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
