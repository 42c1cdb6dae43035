/** `npm run bench [-- --quick] [-- --only a,b]` (or `--only=a,b`): the mode and the sections a run takes. */

/**
 * @param {string[]} argv
 */
export function parseBenchArgs(argv) {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((a) => a.startsWith('--only'));
  const only = onlyArg ? (onlyArg.includes('=') ? (onlyArg.split('=')[1] ?? '') : (argv[argv.indexOf(onlyArg) + 1] ?? '')).split(',') : null;
  const wants = (/** @type {string} */ name) => !only || only.includes(name);
  return { quick, only, wants };
}
