import { LineCounter, isMap, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { emptyFile, notAMapping, unresolvedAlias } from './messages.js';
import type { ConfigError } from './types.js';

export type ParsedYaml = { ok: true; doc: Document; lineCounter: LineCounter; warnings: ConfigError[] } | { ok: false; errors: ConfigError[] };

/**
 * Parses the config text, returning every YAML syntax error with its
 * position, and rejects an empty file or one whose top level is not a mapping.
 */
export function parseYaml(file: string, text: string): ParsedYaml {
  // uniqueKeys is off because duplicate-keys.ts reports repeats with an option
  // path; `merge` allows the `<<: *defaults` idiom common in compose files.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, merge: true });
  const lineCounter = countLines(text);
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => yamlError(file, e, lineCounter)) };
  const warnings = doc.warnings.map((e) => yamlError(file, e, lineCounter));
  if (doc.contents === null || (isScalarNull(doc.contents) && text.trim().replace(/^#.*$/gm, '').trim() === '')) {
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: emptyFile() }] };
  }
  if (!isMap(doc.contents)) {
    const { line, col } = lineCounter.linePos(doc.contents.range?.[0] ?? 0);
    return { ok: false, errors: [{ file, line, column: col, path: '', message: notAMapping(doc.contents.toJSON()) }] };
  }
  const aliases = unresolvedAliases(file, doc, lineCounter);
  if (aliases.length > 0) return { ok: false, errors: aliases };
  return { ok: true, doc, lineCounter, warnings };
}

/**
 * `bind: *:8000` parses as an alias to an anchor named `:8000`; the parser
 * accepts it and only reading the tree fails, with no position. Each alias
 * without an anchor before it is reported where it is written.
 */
function unresolvedAliases(file: string, doc: Document, lineCounter: LineCounter): ConfigError[] {
  const errors: ConfigError[] = [];
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined) return;
      const { line, col } = lineCounter.linePos(alias.range?.[0] ?? 0);
      errors.push({ file, line, column: col, path: '', message: unresolvedAlias(alias.source) });
    },
  });
  return errors;
}

function isScalarNull(node: unknown): boolean {
  return (node as { value?: unknown }).value === null;
}

/**
 * Line starts taken from the text itself. The parser's own LineCounter misses
 * the newlines inside a token it could not place (an error-recovery scalar
 * spanning lines), so every position after one would be lines too high up
 * and columns past the end of the line.
 */
function countLines(text: string): LineCounter {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  return lineCounter;
}

/** The parser's own message (its first line), at the position of its offset. */
function yamlError(file: string, error: YAMLError, lineCounter: LineCounter): ConfigError {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return { file, line, column: col, path: '', message };
}
