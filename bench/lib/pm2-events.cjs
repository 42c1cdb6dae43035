/**
 * The bench's window into a PM2 daemon (bench/lib/pm2.mjs runs it as the
 * "supervisor command" of a SupervisorInstance, with PM2_HOME set):
 *
 *   node pm2-events.cjs PM2_PACKAGE_DIR ECOSYSTEM_FILE [pidfiles|bus]
 *
 * Loads PM2's programmatic API from PM2_PACKAGE_DIR, connects (which spawns
 * the daemon in PM2_HOME if none runs there; the daemon inherits this
 * process's environment, cleanup mark included), then starts the ecosystem
 * file (its apps inherit this process's environment too), and prints one line
 * per event on stdout, written at once (stdout is a pipe: synchronous):
 *
 *   daemon PID            the PM2 daemon (PM2_HOME/pm2.pid), once connected
 *   online NAME PID       an app went online
 *   exit NAME STATUS      an app exited (STATUS: PM2's status then, "-" if unknown)
 *   errored NAME          PM2 gave up restarting it (bus only: 'restart overlimit')
 *   started N             pm2.start() answered, N apps
 *
 * Two event sources:
 *
 *  - pidfiles (default): inotify (fs.watch) on PM2_HOME/pids. In fork mode the
 *    daemon writes NAME-ID.pid with writeFileSync right after spawn(), in the
 *    same synchronous step that then sets the app online and emits 'online'
 *    (God.executeApp → forkMode → readyCb → notify), and unlinks it when the
 *    app exits (handleExit / stopProcessId). Costs the daemon nothing.
 *  - bus: pm2.launchBus(), 'process:event' 'online' / 'exit'. The event's
 *    process is pm2_env (Utility.formatCLU drops the pid), so the pid is read
 *    from pm2_env.pm_pid_path, written before the event. But the daemon
 *    forwards every bus event to every subscriber, app output included
 *    ('log:out' per stdout chunk, Daemon.js onAny → pub socket): under an
 *    output flood this helper receives and decodes the whole log, which
 *    slows the daemon down (measured: roughly 2-3× less MB/s). A plain
 *    `pm2 start` has no subscriber. Kept to cross-check the pid-file source.
 *
 * Runs until SIGTERM/SIGINT (the bench runs `pm2 kill` first).
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const [pkgDir, ecosystem, source = 'pidfiles'] = process.argv.slice(2);
if (!pkgDir || !ecosystem || !['pidfiles', 'bus'].includes(source)) {
  process.stderr.write('usage: node pm2-events.cjs PM2_PACKAGE_DIR ECOSYSTEM_FILE [pidfiles|bus]\n');
  process.exit(2);
}
const home = process.env.PM2_HOME;
if (!home) {
  process.stderr.write('pm2-events: PM2_HOME is not set (refusing to use ~/.pm2)\n');
  process.exit(2);
}

const say = (line) => process.stdout.write(`${line}\n`);
const fail = (what, err) => {
  process.stderr.write(`pm2-events: ${what}: ${err && err.stack ? err.stack : JSON.stringify(err)}\n`);
  process.exit(1);
};

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => process.exit(0));

function readPid(file) {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function watchPidFiles() {
  // PM2 names a pid file after the app name with [^a-zA-Z0-9.-] replaced by '-' (Common.resolveAppAttributes).
  const names = new Map();
  for (const app of JSON.parse(fs.readFileSync(ecosystem, 'utf8')).apps) names.set(app.name.replace(/[^a-zA-Z0-9.-]/g, '-'), app.name);
  const dir = path.join(home, 'pids');
  fs.mkdirSync(dir, { recursive: true });
  const current = new Map(); // file → pid last reported online
  const look = (file) => {
    const m = /^(.+)-\d+\.pid$/.exec(file);
    if (!m) return;
    const name = names.get(m[1]) ?? m[1];
    const pid = readPid(path.join(dir, file)); // null while it is being written (O_TRUNC first) or once unlinked
    const had = current.get(file);
    if (pid && pid !== had) {
      if (had) say(`exit ${name} -`); // the unlink of the previous one was coalesced with this write
      current.set(file, pid);
      say(`online ${name} ${pid}`);
    } else if (!pid && had && !fs.existsSync(path.join(dir, file))) {
      current.delete(file);
      say(`exit ${name} -`);
    }
  };
  fs.watch(dir, (_type, file) => file && look(String(file)));
  for (const file of fs.readdirSync(dir)) look(file); // none in a fresh PM2_HOME
}

function listenToBus(pm2, then) {
  pm2.launchBus((err, bus) => {
    if (err) return fail('launchBus', err);
    bus.on('process:event', (packet) => {
      const proc = packet && packet.process;
      if (!proc || !proc.name) return;
      if (packet.event === 'online') say(`online ${proc.name} ${(proc.pm_pid_path && readPid(proc.pm_pid_path)) ?? '-'}`);
      else if (packet.event === 'exit') say(`exit ${proc.name} ${proc.status ?? '-'}`);
      else if (packet.event === 'restart overlimit') say(`errored ${proc.name}`);
      // 'start' (manual, after 'online'), 'restart', 'stop', 'delete', …: no state change the bench needs
    });
    then();
  });
}

if (source === 'pidfiles') watchPidFiles();
const pm2 = require(pkgDir);

pm2.connect((err) => {
  if (err) return fail('connect', err);
  say(`daemon ${readPid(path.join(home, 'pm2.pid')) ?? '-'}`);
  const start = () =>
    pm2.start(ecosystem, (err2, apps) => {
      if (err2) return fail('start', err2);
      say(`started ${Array.isArray(apps) ? apps.length : '?'}`);
    });
  if (source === 'bus') listenToBus(pm2, start);
  else start();
});
