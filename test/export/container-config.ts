import { lines } from '../config/temp-config.js';

/**
 * One config for the compose and Kubernetes tests: a prefork app, a plain
 * program with probes, split workers (their command uses the process number),
 * a prefork command and a manual program.
 */
export const CONTAINER_CONFIG = lines(
  'programs:',
  '  web:',
  '    type: prefork',
  '    app: server.mjs',
  '    bind: 127.0.0.1:8000',
  '    workers: 3',
  '    max_memory: 512MiB',
  '  checked:',
  '    command: node checked.js --port 8100',
  '    numprocs: 2',
  '    readiness: { http: "http://127.0.0.1:8100/health", period: 2s, timeout: 500ms, failure_threshold: 4, start_timeout: 30s }',
  '    liveness: { tcp: "127.0.0.1:8100", period: 10s, initial_delay: 5s }',
  '  Queue_Worker:',
  '    command: rq worker --name w%(process_num)d',
  '    numprocs: 2',
  '    environment: { QUEUE: default }',
  '    depends_on: [checked, web]',
  '    stopsignal: INT',
  '    user: "1000"',
  '    liveness: { exec: "rq info" }',
  '  api:',
  '    type: prefork',
  '    command: uvicorn main:app --fd {fd}',
  '    bind: ":9000"',
  '  manual:',
  '    command: sleep 100',
  '    autostart: false',
  '    cron_restart: "0 4 * * *"',
);

export const SERVER_MODULE = 'export default (req, res) => res.end("ok");\n';
