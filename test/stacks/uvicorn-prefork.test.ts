import { fileURLToPath } from 'node:url';
import { describePreforkStack, STACK_WORKERS } from '../helpers/prefork-stack-checks.js';
import { writePreforkProgram } from '../helpers/prefork-stack.js';

/**
 * uvicorn serving a FastAPI app as a drover prefork program, written as
 * docs/prefork.md says: drover binds the port, each worker is one uvicorn
 * process serving the inherited socket (`--fd {fd}`).
 */

const ASGI_DIR = fileURLToPath(new URL('../fixtures/stacks/asgi/', import.meta.url));

describePreforkStack({
  title: 'uvicorn (FastAPI)',
  servers: [
    ['uvicorn', ['--version']],
    ['/usr/bin/python3', ['-c', 'import fastapi']],
  ],
  configure: (h, port) => {
    writePreforkProgram(h, { name: 'api', port, workers: STACK_WORKERS, command: 'uvicorn main:app --fd {fd}', directory: ASGI_DIR, readyLog: 'Application startup complete' });
    return 'api';
  },
  keepAlive: true,
});
