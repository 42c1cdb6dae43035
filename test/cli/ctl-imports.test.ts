import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `drover ctl` must start fast and work while the supervisor's own modules
 * are busy or broken, so it may not load the engine, the view, Ink or React.
 * This walks the compiled import graph (dist/ is built before the tests) the
 * way node would load it for `drover ctl …`.
 */
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const MAIN = path.join(DIST, 'cli/main.js');

interface Imports {
  static: string[];
  dynamic: string[];
}

function importsOf(file: string): Imports {
  const code = readFileSync(file, 'utf8');
  const staticImports = [...code.matchAll(/^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  const dynamicImports = [...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  return { static: staticImports, dynamic: dynamicImports };
}

interface Graph {
  modules: Set<string>;
  packages: Set<string>;
}

/**
 * Everything reachable from the roots. Dynamic imports are followed when
 * `dynamic` is set, except out of main.js itself: its other commands are not
 * part of ctl's path.
 */
function walk(roots: string[], dynamic: boolean): Graph {
  const graph: Graph = { modules: new Set(), packages: new Set() };
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (graph.modules.has(file)) continue;
    graph.modules.add(file);
    const imports = importsOf(file);
    const specs = [...imports.static, ...(dynamic && file !== MAIN ? imports.dynamic : [])];
    for (const spec of specs) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        expect(existsSync(target), `${path.relative(DIST, file)} imports ${spec}, which is not built`).toBe(true);
        queue.push(target);
      } else if (!spec.startsWith('node:')) {
        graph.packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
  }
  return graph;
}

describe('the modules drover ctl loads', () => {
  it('never include the engine, the view, Ink or React', () => {
    const main = importsOf(MAIN);
    const ctlEntries = main.dynamic.filter((spec) => spec.startsWith('./ctl/'));
    expect(ctlEntries).toEqual(['./ctl/index.js']);
    // main.js itself with its static imports, then the ctl entry with everything it can reach.
    const roots = [MAIN, path.resolve(path.dirname(MAIN), ctlEntries[0]!)];
    const graph = walk(roots, true);
    const modules = [...graph.modules].map((m) => path.relative(DIST, m));
    expect(modules).toContain('client/socket-client.js');
    expect(modules.filter((m) => m.startsWith('engine/') || m.startsWith('tui/'))).toEqual([]);
    expect([...graph.packages].filter((p) => p === 'ink' || p === 'react' || p.startsWith('ink-') || p.startsWith('@inkjs/'))).toEqual([]);
    // yaml only as the rare fallback (a dynamic import); no package at all loads up front.
    expect([...graph.packages]).toEqual(['yaml']);
    expect([...walk(roots, false).packages]).toEqual([]);
  });

  it('sees the engine behind the foreground command, so the check above can fail', () => {
    const runEntry = path.join(DIST, 'cli/commands/run.js');
    const modules = [...walk([runEntry], true).modules].map((m) => path.relative(DIST, m));
    expect(modules.some((m) => m.startsWith('engine/'))).toBe(true);
  });
});
