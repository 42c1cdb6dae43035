/**
 * Where drover differs from supervisord on purpose. A case that shows one
 * names it by id; docs/differences-from-supervisord.md explains each at length.
 */
export const DIFFERENCES = {
  'stopasgroup-default': 'stopasgroup and killasgroup default to true: what a program forked is stopped with it',
  'group-stopped-on-exit': 'when the main process exits on its own, what is left of its process group is stopped',
  'sighup-applies-diff': "SIGHUP applies the config's difference (like update) instead of restarting everything",
  'stop-all-reverse-priority': '`stop all` stops in reverse priority, dependents first (supervisorctl: ascending)',
  'programs-adopted': 'the programs of a SIGKILLed drover run on, and the next drover on the same config adopts them (keep_programs; with false, it stops them)',
  'bare-names': 'a bare program name is accepted where supervisorctl wants GROUP:NAME',
  'one-process-name': 'a one-process program outside groups: is listed as `x:x` (supervisorctl: `x`); both take either form',
  'rotation-within-maxbytes': 'a log rotates before a line would take it past maxbytes (supervisord: after the write that passed it)',
  'user-environment': "`user:` also sets HOME, USER and LOGNAME to the user's (supervisord keeps its own)",
} as const;

export type DifferenceId = keyof typeof DIFFERENCES;
