#!/bin/sh
# The `drover` command (package.json "bin"): runs dist/cli/main.js with Node.
#
# Why a shell script and not a node shebang: `ctl` and `check` never use TLS,
# but Node reads and parses every certificate named by NODE_EXTRA_CA_CERTS
# when it starts, before any of drover's code runs. Where that variable is set
# (corporate CAs, CI images) it costs tens of milliseconds on each
# `drover ctl status`, a third of the command's time. Those two verbs run
# without it; the supervisor keeps it, for its own https probes and for the
# programs it starts.
for arg in "$@"; do
  case "$arg" in
    ctl | check)
      unset NODE_EXTRA_CA_CERTS
      break
      ;;
  esac
done
here=$(dirname "$(readlink -f "$0")")
exec node "$here/main.js" "$@"
