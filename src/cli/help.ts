export const USAGE = `drover — a process supervisor for Linux servers

Usage:
  drover [-c FILE]          run the supervisor in the foreground; prints one line
                            per state change
  drover check [-c FILE]    validate a config, print every error, exit 1 if any
  drover --version | --help

Config discovery: -c FILE, else $DROVER_CONFIG, else ./programs.yaml.

Signals to the supervisor:
  TERM, INT   stop every program in reverse priority order, then exit 0
              (a second one kills what is left at once)
  HUP         reread the config and apply the changes
  USR1        reopen log files (for an external logrotate)
`;
