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
# programs it starts.
entry=main.js
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
  esac
done
# Resolved only when run through a link (node_modules/.bin/drover): each
# command substitution here is a fork, paid on every ctl run.
self=$0
if [ -L "$self" ]; then self=$(readlink -f "$self"); fi
case "$self" in
  */*) here=${self%/*} ;;
  *) here=. ;;
esac
exec node "$here/$entry" "$@"
