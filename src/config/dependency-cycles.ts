/**
 * Finds dependency cycles with a depth-first search. Each back edge yields one
 * cycle, so the work stays linear in the number of edges even for dense
 * graphs; a cycle reached from several starting points is reported once.
 */
export function findDependencyCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const cycles: string[][] = [];

  const visit = (node: string): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        const key = canonical(cycle);
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...cycle, next]);
        }
      } else if (state.get(next) === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };

  for (const node of graph.keys()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

/** The same cycle under rotation, e.g. b→a and a→b, gets one key. */
function canonical(cycle: readonly string[]): string {
  const least = cycle.indexOf([...cycle].sort()[0]!);
  return [...cycle.slice(least), ...cycle.slice(0, least)].join('\0');
}
