/**
 * Installs each candidate library into a temporary folder of its own, never
 * into the project, and measures what adding it would cost: packages pulled
 * in, bytes on disk, and the publish date of the version installed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * An installed candidate.
 * @typedef {object} Installed
 * @property {string} name
 * @property {string} version
 * @property {string} published  date of that version's publication (YYYY-MM-DD)
 * @property {number} packages   packages installed, the library included
 * @property {number} bytes      size of its node_modules on disk
 * @property {string} dir        the temporary folder that holds it
 * @property {string} entry      file URL of its main module, for import()
 */

/**
 * Installs every library, two at a time so the registry and the two cores are not swamped.
 * @param {string[]} names
 * @returns {Promise<Map<string, Installed>>}
 */
export async function installAll(names) {
  /** @type {Map<string, Installed>} */
  const installed = new Map();
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      process.stderr.write(`installing ${name}\n`);
      installed.set(name, await install(name));
    }
  };
  await Promise.all([worker(), worker()]);
  return installed;
}

/** @param {string} name @returns {Promise<Installed>} */
async function install(name) {
  const dir = mkdtempSync(join(tmpdir(), `why-not-${name.replace(/\W/g, '-')}-`));
  await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--omit=dev', '--ignore-scripts', name], { maxBuffer: 1 << 24 });
  const modules = join(dir, 'node_modules');
  const manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8'));
  return {
    name,
    version: manifest.version,
    published: await publishDate(name, manifest.version),
    packages: countPackages(modules),
    bytes: diskBytes(modules),
    dir,
    entry: pathToFileURL(await resolveEntry(dir, name)).href,
  };
}

/** @param {string} name @param {string} version */
async function publishDate(name, version) {
  try {
    const { stdout } = await run('npm', ['view', name, 'time', '--json']);
    const times = /** @type {Record<string, string>} */ (JSON.parse(stdout));
    return (times[version] ?? '?').slice(0, 10);
  } catch {
    return '?';
  }
}

/** Where Node's ESM resolution finds `name` from inside `dir`. @param {string} dir @param {string} name */
async function resolveEntry(dir, name) {
  const script = `console.log(import.meta.resolve(${JSON.stringify(name)}))`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
  return new URL(stdout.trim()).pathname;
}

/** Folders holding a package.json under node_modules, scoped and nested ones included. @param {string} modules */
function countPackages(modules) {
  let count = 0;
  for (const entry of existsSync(modules) ? readdirSync(modules) : []) {
    if (entry.startsWith('.')) continue;
    const path = join(modules, entry);
    if (entry.startsWith('@')) count += countPackages(path);
    else if (existsSync(join(path, 'package.json'))) count += 1 + countPackages(join(path, 'node_modules'));
  }
  return count;
}

/** @param {string} path @returns {number} */
function diskBytes(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + diskBytes(join(path, entry)), 0);
}
