import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * A copy of the built drover (dist/) that another user can read, for tests
 * that run drover's code as uid 65534. The checkout itself may sit in a
 * folder no one else can enter (a 0700 home, `mktemp -d`), and then that user
 * cannot load dist/ from it. No node_modules are copied: what these tests run
 * (`ctl`, the engine's spawn checks) needs none, and a copy without them
 * shows it. A package.json makes Node read the .js files as ES modules.
 */
export class ReadableBuild {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'drover-readable-'));

  constructor() {
    chmodSync(this.dir, 0o755);
    cpSync(DIST, path.join(this.dir, 'dist'), { recursive: true });
    writeFileSync(path.join(this.dir, 'package.json'), '{ "type": "module" }\n');
    chmodSync(path.join(this.dir, 'package.json'), 0o644);
  }

  /** The copy of a file under dist/, e.g. `cli/main.js`. */
  file(relative: string): string {
    return path.join(this.dir, 'dist', relative);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
