// Writes dist/programs.schema.json, the JSON Schema that editors use for
// programs.yaml (programs.yaml.example points at it), from the compiled config
// schemas: run after tsc, so it always matches what `drover check` validates.
import { writeFileSync } from 'node:fs';

const { SCHEMA_FILE, renderConfigJsonSchema } = await import('../../dist/config/json-schema.js');
writeFileSync(new URL(`../../${SCHEMA_FILE}`, import.meta.url), renderConfigJsonSchema());
