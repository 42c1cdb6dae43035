// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typeScriptFiles = ['**/*.ts', '**/*.tsx'];
const javaScriptFiles = ['**/*.js', '**/*.mjs', '**/*.cjs'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'run/', 'logs/', 'bench/results/'] },
  {
    files: typeScriptFiles,
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // The JavaScript (bench/, build scripts, runners, fixture programs) has no types to check
    // against, so it gets the rules that need none.
    files: javaScriptFiles,
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // bench/'s declarations belong to tsconfig.bench.json, which the project service does not load:
    // they are linted like bench's JavaScript, without types (tsc checks them with the bench).
    files: ['bench/**/*.d.ts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // After the sets above, so that these settings hold for TypeScript and JavaScript alike.
    rules: {
      // Dropping keys by destructuring ({ omitted: _omitted, ...rest }) is the intended way to copy without them.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // A closure that reads a variable assigned further down would become a temporal-dead-zone access as a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Terminal escapes and control bytes in output are what these patterns exist to find and strip.
      'no-control-regex': 'off',
    },
  },
  {
    // One responsibility per file: a file past 350 lines is doing two things (ARCHITECTURE.md).
    files: ['src/**/*.ts', 'src/**/*.tsx', 'bench/**/*.mjs'],
    rules: { 'max-lines': ['error', { max: 350, skipBlankLines: false, skipComments: false }] },
  },
  {
    // Tests read JSON answers, SSE data and files written by real processes, and the point is to
    // assert their shape with expect(): typing every parse as the shape it is meant to have would
    // assume what the test checks. The rest of the type-checked set holds for tests too.
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
);
