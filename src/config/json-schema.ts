import { z } from 'zod';
import { PREFORK_OPTIONS, groupsSchema, programSchema, type rootSchema, supervisorSchema } from './schema.js';
import { NAME_PATTERN } from './validate-raw.js';

/**
 * The JSON Schema of programs.yaml, for editors: yaml-language-server (VS
 * Code's YAML extension, Neovim, Helix…) completes and checks options once
 * the file starts with `# yaml-language-server: $schema=…`. It is generated
 * from the zod schemas that validate the file, so option names, nesting and
 * descriptions are written once; the values come from the shape each parser
 * declares beside itself (fromParser). The loader stays the judge: the schema
 * may let through what `drover check` refuses, never the reverse.
 */

/** Where the build writes the schema, relative to the package root (build-schema.mjs); programs.yaml.example points at it. */
export const SCHEMA_FILE = 'dist/programs.schema.json';

// What validate-raw checks in code about `type`, in the terms an editor understands.
const TYPE_RULES = {
  if: { properties: { type: { const: 'prefork' } }, required: ['type'] },
  then: { required: ['bind'] },
  else: { required: ['command'], properties: Object.fromEntries(PREFORK_OPTIONS.map((option) => [option, false])) },
};

// Each top-level key with the schema that validates its section (validate-raw parses them one by one);
// `satisfies` keeps these keys those of rootSchema.
const SECTIONS = {
  supervisor: supervisorSchema.optional().describe('settings of drover itself; every one is optional'),
  programs: z
    .record(z.string().regex(NAME_PATTERN), programSchema.meta(TYPE_RULES))
    .meta({ minProperties: 1 })
    .describe('the programs to run, by name (letters, digits, _, . and -)'),
  groups: groupsSchema.optional(),
} satisfies { [K in keyof typeof rootSchema.shape]: z.ZodType };

/** The schema as an object (draft-07, which every YAML language server reads). */
export function configJsonSchema(): Record<string, unknown> {
  const root = z.strictObject(SECTIONS).meta({
    title: 'drover programs.yaml',
    description: 'Programs for the drover process supervisor. ${VAR} and ${VAR:-default} are replaced from the environment before values are read.',
    // Ignored by drover, as in docker compose: a place for anchors shared with `<<:`.
    patternProperties: { '^x-': {} },
  });
  return z.toJSONSchema(root, { target: 'draft-07', io: 'input', unrepresentable: 'any' });
}

/** The file's text, exactly as the build writes it. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
