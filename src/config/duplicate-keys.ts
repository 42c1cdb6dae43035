import { isMap, isPair, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigIssue, OptionPath } from './config-issue.js';
import { duplicateKey } from './messages.js';
import { keyText } from './positions.js';

/**
 * Reports every repeated mapping key, e.g. two programs named `web`. The
 * document is parsed with uniqueKeys off and checked here instead, so the
 * error carries an option path and names the line of the first definition,
 * and the rest of the file is still validated in the same run.
 */
export function findDuplicateKeys(doc: Document, lineCounter: LineCounter): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(doc.contents, [], issues, lineCounter);
  return issues;
}

function visit(node: unknown, path: OptionPath, issues: ConfigIssue[], lineCounter: LineCounter): void {
  if (isSeq(node)) {
    node.items.forEach((item, index) => visit(item, [...path, index], issues, lineCounter));
    return;
  }
  if (!isMap(node)) return;
  const firstOffsets = new Map<string, number>();
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const key = keyText(pair.key);
    const offset = (pair.key as Node | null)?.range?.[0] ?? 0;
    const first = firstOffsets.get(key);
    visit(pair.value, [...path, key], issues, lineCounter);
    if (first === undefined) {
      firstOffsets.set(key, offset);
    } else {
      // The issue carries an offset because the path alone would resolve to
      // the first definition, not this repeat.
      issues.push({ path: [...path, key], message: duplicateKey(key, lineCounter.linePos(first).line), at: 'key', offset });
    }
  }
}
