/**
 * The project's own test inputs, read straight from the `it.each([...])`
 * tables of a test file, so the comparison runs the cases the suite pins and
 * cannot drift from them. Each cell is evaluated on its own: a cell that uses a
 * helper of the test file (`range(…)`, `${EXPECTED}`) comes back undefined,
 * which is fine because only the inputs are needed (our side is run live).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/**
 * One row of an `it.each` table.
 * @typedef {{ describe: string, cells: unknown[] }} TestRow
 */

/**
 * Every `it.each` row of `file` (relative to the project root).
 * @param {string} root
 * @param {string} file
 * @returns {TestRow[]}
 */
export function readTestRows(root, file) {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  /** @type {TestRow[]} */
  const rows = [];
  /** @param {ts.Node} node @param {string} describe */
  const visit = (node, describe) => {
    let inside = describe;
    if (ts.isCallExpression(node)) {
      const title = describeTitle(node);
      if (title !== undefined) inside = title;
      const table = eachTable(node);
      if (table !== undefined) {
        for (const element of table.elements) {
          const cells = ts.isArrayLiteralExpression(element) ? element.elements.map(evaluate) : [evaluate(element)];
          rows.push({ describe: inside, cells });
        }
      }
    }
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  visit(source, '');
  return rows;
}

/**
 * The rows of one `describe` block.
 * @param {string} root
 * @param {string} file
 * @param {string} describe
 * @returns {unknown[][]}
 */
export function rowsOf(root, file, describe) {
  return readTestRows(root, file)
    .filter((row) => row.describe === describe)
    .map((row) => row.cells);
}

/** @param {ts.CallExpression} call */
function describeTitle(call) {
  const [first] = call.arguments;
  if (!ts.isIdentifier(call.expression) || call.expression.text !== 'describe') return undefined;
  return first !== undefined && ts.isStringLiteralLike(first) ? first.text : undefined;
}

/** The array literal of `it.each(<table>)` / `it.each<T>(<table>)`, if `call` is one. @param {ts.CallExpression} call */
function eachTable(call) {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'each') return undefined;
  if (!ts.isIdentifier(callee.expression) || !['it', 'test'].includes(callee.expression.text)) return undefined;
  const [table] = call.arguments;
  return table !== undefined && ts.isArrayLiteralExpression(table) ? table : undefined;
}

/**
 * A cell's value when it is made of literals (strings, numbers, arrays,
 * objects, `new Date(…)`); undefined when it needs the test file's scope.
 * @param {ts.Expression} node
 * @returns {unknown}
 */
function evaluate(node) {
  const js = ts.transpile(`(${node.getText()})`, { target: ts.ScriptTarget.ES2022 });
  try {
    return new Function(`return ${js}`)();
  } catch {
    return undefined;
  }
}
