import { fileURLToPath } from 'node:url';
import { describePreforkStack, STACK_WORKERS } from '../helpers/prefork-stack-checks.js';

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
  configure: async (h, port) => {
    h.writeConfig(
      [
        'programs:',
        '  api:',
        '    type: prefork',
        `    bind: 127.0.0.1:${port}`,
        `    workers: ${STACK_WORKERS}`,
        '    command: uvicorn main:app --fd {fd}',
        `    directory: ${ASGI_DIR}`,
        '    environment: { PYTHONDONTWRITEBYTECODE: "1" }',
        '    ready_when: { log: "Application startup complete" }',
        '',
      ].join('\n'),
    );
    return 'api';
  },
  keepAlive: true,
});
