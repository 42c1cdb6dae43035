import { CTL_VERBS, ctlOf } from '../api/verbs.js';

/** Where a verb's summary starts; a usage line too long for that gets a line of its own. */
const SUMMARY_COLUMN = 28;

/** The "ctl verbs:" section, from the verb table: usage, then the summary beside or under it. */
function ctlVerbLines(): string {
  return CTL_VERBS.map((verb) => {
    const { usage, help } = ctlOf(verb);
    const first = `  ${usage}`;
    const indent = ' '.repeat(SUMMARY_COLUMN);
    const lines = first.length + 2 <= SUMMARY_COLUMN ? [first.padEnd(SUMMARY_COLUMN) + help[0]!, ...help.slice(1).map((l) => indent + l)] : [first, ...help.map((l) => indent + l)];
    return lines.join('\n');
  }).join('\n');
}

export const USAGE = `drover — a process supervisor for Linux servers

Usage:
  drover [-c FILE]          the supervisor and the interactive view in this
                            terminal (without a terminal: one line per state
                            change); serves the control socket; if a supervisor
                            of FILE already runs, attaches to it
  drover attach [-c FILE]   the view of a running supervisor (--daemon), over its
                            control socket
  drover --daemon [-c FILE] headless: detach, and exit 0 once the control socket
                            answers (or 1 with the reason); output goes to
                            <logdir>/drover.log
  drover --daemon --foreground [-c FILE]
                            headless, attached (systemd Type=simple, containers)
  drover check [-c FILE] [--strict]
                            validate a config, print every error, exit 1 if any;
                            warn about users, folders and commands this machine
                            lacks (--strict: exit 1 on any warning too)
  drover init [FILE]        write a commented programs.yaml (or FILE) for this
                            folder, from its supervisord.conf or Procfile if
                            it has one, else a starter; never overwrites
  drover import FILE [--prefork]
                            a supervisord.conf or a Procfile as programs.yaml,
                            on stdout (--prefork: web apps become type: prefork)
  drover export KIND [-c FILE] [--per-program] [--socket-activation]
                            systemd | compose | kubernetes, on stdout
  drover ctl VERB [ARGS] [--json]
                            control a running supervisor through its socket
  drover --version | --help

Config discovery: -c FILE, else $DROVER_CONFIG, else ./programs.yaml.

ctl verbs:
${ctlVerbLines()}

  PATTERN: all, GROUP:PROCESS, GROUP:*, PROGRAM, PROGRAM:*, PROGRAM:PROCESS, or a
  glob (web:web_0*). A process in a groups: entry is named GROUP:PROCESS.
  --json prints the answer as JSON (status: one array, one object per process),
  and an error as {"error":{"code","message"}} on stdout, with the same exit code.
  Socket discovery: --socket PATH, else $DROVER_SOCKET, else supervisor.socket of
  the config (default run/drover.sock beside it), else
  $XDG_RUNTIME_DIR/drover/drover.sock or /tmp/drover-<uid>/drover.sock.
  Exit codes are supervisorctl's: 0 done, 1 failed (an unknown name or signal),
  2 bad usage, 3 (status) something stopped, 4 (status) an unknown name, 7 a start
  failed or the process is not running; 4 no supervisor answers. See docs/ctl.md.

View keys: arrows/j/k move, enter details, s start, x stop, r restart,
  R reload, +/- scale, l log pane, / filter, c/m/n/u sort, ? help,
  q quit (stop everything, or leave it running headless).

Signals to the supervisor:
  TERM, INT   stop every program in reverse priority order, then exit 0
              (a second one kills what is left at once)
  HUP         reread the config and apply the changes
  USR1        reopen log files (for an external logrotate)
`;
