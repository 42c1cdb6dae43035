import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiTable } from '../../src/api/render-api-table.js';

const DOC = new URL('../../docs/control-api.md', import.meta.url);
const BEGIN = '<!-- begin verb table: src/api/render-api-table.ts writes it, test/api/control-api-docs.test.ts checks it -->\n';
const END = '<!-- end verb table -->';

describe('docs/control-api.md', () => {
  it("holds the verb table's endpoint table, as render-api-table.ts writes it", () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, `docs/control-api.md has no line ${BEGIN.trim()}`).toBeGreaterThanOrEqual(0);
    const table = doc.slice(start + BEGIN.length, end);
    const expected = renderApiTable();
    if (table !== expected) console.log(`paste this between the markers of docs/control-api.md:\n\n${expected}`);
    expect(table).toBe(expected);
  });
});
