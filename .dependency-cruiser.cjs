/**
 * drover's dependency rule: dependencies point inward, to the API contract and the engine; the
 * outer layers (server, client, daemon, view, ctl) never meet except through src/api.
 * `npm run lint` checks it; ARCHITECTURE.md draws it.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'api-imports-nothing',
      comment: 'src/api is the contract every side shares: it may not depend on any side.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/', pathNot: '^src/api/' },
    },
    {
      name: 'clients-use-the-api',
      comment: 'The view and ctl talk to a supervisor only through the API contract and the socket client (and use the pure pieces of src/text).',
      severity: 'error',
      from: { path: '^src/(tui|cli/ctl)/' },
      to: { path: '^src/', pathNot: ['^src/(api|client|text)/', '^src/$1/'] },
    },
    {
      name: 'engine-stays-inside',
      comment: 'The engine is driven through the API; it never reaches out to the layers that drive it.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/(server|client|daemon|tui|cli)/' },
    },
    {
      name: 'cli-is-the-top',
      comment: 'src/cli turns argv into calls; nothing below it may depend on a command line (the daemon gets its version from the command that starts it).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'features-stay-leaves',
      comment: 'The engine uses logs, stats, watch and health; import, export and the worker runtime stand alone: none of them reaches the engine or a layer around it.',
      severity: 'error',
      from: { path: '^src/(logs|stats|watch|health|import|export|worker-runtime)/' },
      to: { path: '^src/(engine|server|client|daemon|tui|cli)/' },
    },
    {
      name: 'shared-helpers-import-nothing',
      comment: 'src/text and src/os hold small pieces every layer may use, so they may use none.',
      severity: 'error',
      from: { path: '^src/(text|os)/' },
      to: { path: '^src/', pathNot: '^src/$1/' },
    },
    {
      name: 'config-through-its-entry',
      comment: 'Outside src/config, config is imported through index.ts, or runtime.ts where the YAML parser and the schema must not load.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/config/' },
      to: { path: '^src/config/', pathNot: '^src/config/(index|runtime)\\.ts$' },
    },
    {
      name: 'config-runtime-stays-light',
      comment: 'The supervisor process and ctl load config/runtime.ts: it must not reach the YAML parser or the schema library (~300 ms to load).',
      severity: 'error',
      from: { path: '^src/config/runtime\\.ts$' },
      to: { path: 'node_modules/(yaml|zod)/', reachable: true },
    },
    {
      name: 'no-cycles',
      comment: 'A cycle makes load order matter and the two files one unit.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-missing-modules',
      comment: 'An import that resolves to nothing fails at run time.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
