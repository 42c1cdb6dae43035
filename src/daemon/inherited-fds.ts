import { closeSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import type { Config } from '../config/runtime.js';

/**
 * Closes the file descriptors the supervisor inherited and has no use for, so
 * that no program, hook or probe gets them: whatever the shell that started
 * drover had open (`exec 200>file`) would otherwise reach every child, which
 * supervisord's children never see.
 *
 * Why here, in the supervisor's own startup, and by closing:
 * - Node has no fcntl, so it cannot mark them close-on-exec. Node itself marks
 *   fds 0–15 and any unbroken run after them when it starts (libuv's
 *   uv_disable_stdio_inheritance); higher ones reach every child.
 * - libuv's spawn closes nothing it was not told about, so every Node spawn
 *   (hooks, exec probes, `user:` programs, DROVER_SPAWNER=node, the spawner
 *   itself) would need its own remedy; one pass here covers them all,
 *   including the supervisor started by `--daemon`, which inherits whatever
 *   its launcher had.
 * - The `drover` launcher script cannot do it: dash names fds 0–9 only, the
 *   script is bypassed by `node main.js`, and a helper that set close-on-exec
 *   before exec'ing Node would close them before drover could tell which to keep.
 *
 * Inherited fds are told apart from drover's own by the close-on-exec flag:
 * libuv opens everything with it (Node's IPC channel to the `--daemon`
 * launcher too), and an fd that survived exec cannot have it, unless Node's
 * pass above set it, and then it reaches no child anyway.
 */

/** The kernel shows close-on-exec as O_CLOEXEC in /proc/PID/fdinfo's octal `flags:`. */
const O_CLOEXEC = 0o2000000;

/** What must stay open: the sockets `fd://N` binds name, and what systemd passed (LISTEN_FDS), for binds a reload may add. */
export function inheritedFdsToKeep(config: Config, env: NodeJS.ProcessEnv = process.env): Set<number> {
  const keep = new Set<number>();
  for (const program of config.programs) {
    for (const address of program.prefork?.bind ?? []) if (address.kind === 'fd') keep.add(address.fd);
  }
  const count = Number(env.LISTEN_FDS);
  const forUs = env.LISTEN_PID === undefined || Number(env.LISTEN_PID) === process.pid;
  if (forUs && Number.isInteger(count) && count > 0) for (let fd = 3; fd < 3 + count; fd++) keep.add(fd);
  return keep;
}

/**
 * V8's profiling flags (--perf-basic-prof, --perf-prof, --prof) open their
 * output in this very process without close-on-exec, and write to it for the
 * process's life: closing it would send those writes to whatever next takes
 * the number (drover-spawner's request pipe, which then reads garbage). The
 * files are named after the pid that writes them, which an inherited file is
 * not: /tmp/perf-PID.map, /tmp/jit-PID.dump, isolate-0x…-PID-…-v8.log.
 */
export function isOwnProfilerFile(target: string, pid: number = process.pid): boolean {
  const name = basename(target);
  return name === `perf-${pid}.map` || name === `jit-${pid}.dump` || new RegExp(`^isolate-0x[0-9a-f]+-${pid}-(?:\\d+-)?v8(?:-\\d+)?\\.log$`).test(name);
}

function isOwnProfilerFd(fd: number): boolean {
  try {
    return isOwnProfilerFile(readlinkSync(`/proc/self/fd/${fd}`));
  } catch {
    return false;
  }
}

function closesOnExec(fd: number): boolean {
  const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
  return flags !== undefined && (Number.parseInt(flags, 8) & O_CLOEXEC) !== 0;
}

/** Closes every fd above 2 that is open without close-on-exec and not in keep; returns the ones closed. */
export function closeInheritedFds(keep: Set<number>): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc/self/fd');
  } catch {
    return []; // no /proc (a container without it): nothing to go by
  }
  const closed: number[] = [];
  for (const entry of entries) {
    const fd = Number(entry);
    if (fd <= 2 || keep.has(fd)) continue;
    try {
      if (closesOnExec(fd) || isOwnProfilerFd(fd)) continue;
      closeSync(fd);
      closed.push(fd);
    } catch {
      // Gone meanwhile: the directory's own fd, listed while it was open.
    }
  }
  return closed;
}
