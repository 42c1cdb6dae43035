/**
 * Order rules for starting and stopping, as pure functions: lower `priority`
 * starts first and stops last, and a program stops only after every program
 * that depends on it has stopped.
 */

export interface Orderable {
  name: string;
  priority: number;
  dependsOn: string[];
}

/** Start order: by priority, then file order (Array.prototype.sort is stable). */
export function startOrder<T extends Orderable>(programs: T[]): T[] {
  return [...programs].sort((a, b) => a.priority - b.priority);
}

/**
 * Stop waves: each wave may stop in parallel. A wave holds the programs with the
 * highest priority among those no remaining program depends on.
 */
export function stopWaves<T extends Orderable>(programs: T[]): T[][] {
  const remaining = new Set(programs);
  const waves: T[][] = [];
  while (remaining.size > 0) {
    const needed = new Set<string>();
    for (const program of remaining) for (const dep of program.dependsOn) needed.add(dep);
    let candidates = [...remaining].filter((program) => !needed.has(program.name));
    // Config validation rejects cycles; if one slipped through, stop the rest anyway.
    if (candidates.length === 0) candidates = [...remaining];
    const top = Math.max(...candidates.map((program) => program.priority));
    const wave = candidates.filter((program) => program.priority === top);
    for (const program of wave) remaining.delete(program);
    waves.push(wave);
  }
  return waves;
}

/** Every program `names` needs, transitively, including themselves. */
export function withDependencies<T extends Orderable>(names: string[], programs: Map<string, T>): Set<string> {
  const result = new Set<string>();
  const visit = (name: string) => {
    if (result.has(name)) return;
    result.add(name);
    for (const dep of programs.get(name)?.dependsOn ?? []) visit(dep);
  };
  names.forEach(visit);
  return result;
}
