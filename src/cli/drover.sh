#!/bin/sh
# The `drover` command (package.json "bin"): runs dist/cli/main.js with Node,
# and `drover ctl …` with dist/cli/ctl.cjs, which runs ctl's modules bundled into one
# file with V8's code cache (src/cli/ctl-main.ts, ctl-loader.cjs: a fresh ctl run is
# mostly Node's own start-up).
#
# Why a shell script and not a node shebang: `ctl` and `check` never use TLS,
# but Node reads and parses every certificate named by NODE_EXTRA_CA_CERTS
# when it starts, before any of drover's code runs. Where that variable is set
# (corporate CAs, CI images) it costs tens of milliseconds on each
# `drover ctl status`, a third of the command's time. Those two verbs run
# without it; the supervisor keeps it, for its own https probes and for the
# programs it starts. `drover --daemon`'s launcher (it parses the config and
# starts the detached supervisor, on the path of every start) uses no TLS
# either, but what it starts must get the variable: it travels as
# DROVER_NODE_EXTRA_CA_CERTS, and main.js puts it back before anything reads
# the environment (extra-ca-certs.ts). That launcher runs from dist/cli/daemon.cjs, its
# modules bundled into one file with V8's code cache (daemon-main.ts, daemon-loader.cjs),
# as ctl's: it parses the config the supervisor waits for.
entry=main.js
daemon=
foreground=
for arg in "$@"; do
  case "$arg" in
    ctl)
      unset NODE_EXTRA_CA_CERTS
      entry=ctl.cjs
      break
      ;;
    check)
      unset NODE_EXTRA_CA_CERTS
      break
      ;;
    --daemon) daemon=1 ;;
    --foreground) foreground=1 ;;
  esac
done
if [ -n "$daemon" ] && [ -z "$foreground" ] && [ "$entry" = main.js ]; then
  entry=daemon.cjs
  if [ -n "${NODE_EXTRA_CA_CERTS+set}" ]; then
    DROVER_NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS
    export DROVER_NODE_EXTRA_CA_CERTS
    unset NODE_EXTRA_CA_CERTS
  fi
fi
# Resolved only when run through a link (node_modules/.bin/drover): each
# command substitution here is a fork, paid on every ctl run.
self=$0
if [ -L "$self" ]; then self=$(readlink -f "$self"); fi
case "$self" in
  */*) here=${self%/*} ;;
  *) here=. ;;
esac
exec node "$here/$entry" "$@"
