import type { DeferredNode, PlanNode } from "@apollo/query-planner";

/** A plan's first part (defer nodes replaced by their primary) and the deferred nodes that follow it. */
export function split(
  node: PlanNode | undefined,
  condition: (variable: string) => boolean,
): { primary?: PlanNode; deferred: DeferredNode[] } {
  const deferred: DeferredNode[] = [];
  const walk = (current: PlanNode | undefined): PlanNode | undefined => {
    if (!current) return undefined;
    switch (current.kind) {
      case "Defer":
        deferred.push(...current.deferred);
        return walk(current.primary.node);
      case "Sequence":
      case "Parallel": {
        const nodes = current.nodes.map(walk).filter((n): n is PlanNode => n !== undefined);
        return nodes.length === 0 ? undefined : { ...current, nodes };
      }
      case "Flatten": {
        const inner = walk(current.node);
        return inner ? { ...current, node: inner } : undefined;
      }
      case "Condition":
        // Left to the executor unless a defer is inside: then the branch decides which part it belongs to.
        if (!hasDefer(current)) return current;
        return walk(condition(current.condition) ? current.ifClause : current.elseClause);
      default:
        return current;
    }
  };
  return { primary: walk(node), deferred };
}

function hasDefer(node: PlanNode | undefined): boolean {
  if (!node) return false;
  switch (node.kind) {
    case "Defer":
      return true;
    case "Sequence":
    case "Parallel":
      return node.nodes.some(hasDefer);
    case "Flatten":
      return hasDefer(node.node);
    case "Condition":
      return hasDefer(node.ifClause) || hasDefer(node.elseClause);
    default:
      return false;
  }
}
