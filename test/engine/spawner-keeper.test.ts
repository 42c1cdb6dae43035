import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { frame, killAndWait, KeeperTestRun, lineNumbers, type KeeperEvent } from '../helpers/spawner-keeper.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * drover-spawner --keep PATH outlives its supervisor: the children, the read ends of their output sockets and their
 * exits wait for the next supervisor, which attaches with drover-spawner --attach PATH (see spawner-keep.c).
 */

const NUMBERED_LINES = 'import itertools, time\nfor i in itertools.count():\n    print(i, flush=True)\n    time.sleep(0.005)\n';
const EXIT_ON_FILE = 'import os, sys, time\nwhile not os.path.exists(sys.argv[1]):\n    time.sleep(0.01)\nsys.exit(7)\n';

const run = new KeeperTestRun();
afterEach(() => run.cleanup());

/**
 * Runs the helper alone with an IPC channel (as a relay or a keeper), under `wrapper` (a command and its arguments) if
 * any: its exit code and stderr. A relay that attached stays (see spawner-relay.c): after 10 s it is killed, code null.
 */
async function runHelper(args: string[], wrapper: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const [command = '', ...commandArgs] = [...wrapper, run.spawnerBinary(), ...args];
  const child = run.track(spawn(command, commandArgs, { stdio: ['pipe', 'ignore', 'pipe', 'ipc'] }));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(deadline);
  return { code, stderr };
}

/** Has the helper start `sleep 60`: its pid. */
async function spawnSleeper(helper: ChildProcess): Promise<number> {
  const pid = await new Promise<number>((resolve) => {
    helper.on('message', (message: KeeperEvent) => {
      if (message.t === 'spawned' && message.pid !== undefined) resolve(message.pid);
    });
    helper.stdin?.write(frame(['S', '1', '/bin/sleep', '/tmp', '-1', '2', 'sleep', '60', '0']));
  });
  run.pids.add(pid);
  return pid;
}

it('keeps its children, their output and their exits for each next supervisor, which attaches through --attach', async () => {
  const dir = run.makeDir();
  const socketPath = join(dir, 'keeper.sock');
  const exitNow = join(dir, 'exit-now');
  const first = run.startSupervisor('keep', dir, [
    { name: 'writer', argv: ['/usr/bin/python3', '-c', NUMBERED_LINES] },
    { name: 'exiter', argv: ['/usr/bin/python3', '-c', EXIT_ON_FILE, exitNow], armed: true },
    { name: 'unheard', argv: ['/bin/echo', 'last words'], unread: true },
  ]);
  const spawned = await waitFor('the programs to be spawned', () => {
    const events = run.readEvents(dir).filter((event) => event.t === 'spawned');
    return events.length === 3 ? events : null;
  });
  const writer = spawned.find((event) => event.name === 'writer')?.pid ?? 0;
  const exiter = spawned.find((event) => event.name === 'exiter')?.pid ?? 0;
  // Ends while attached, its output unread by the first supervisor, which may then not have heard of its end either.
  const unheard = spawned.find((event) => event.name === 'unheard')?.pid ?? 0;
  await waitFor('the first supervisor to hear of the unread program exiting', () => run.readEvents(dir).some((event) => event.t === 'exit' && event.pid === unheard));
  const keeper = run.readEvents(dir).find((event) => event.t === 'supervisor')?.helper ?? 0;
  const writerOutput = join(dir, `out-${writer}.txt`);
  await waitFor('the first supervisor to write 50 lines', () => lineNumbers(writerOutput).length >= 50);

  await killAndWait(first);
  const linesBeforeKill = lineNumbers(writerOutput).length;
  expect(isAlive(keeper)).toBe(true);
  writeFileSync(exitNow, '');
  await waitFor('the keeper to reap the program that exited while no supervisor was there', () => !isAlive(exiter));
  expect(isAlive(writer)).toBe(true);

  const eventsBeforeAttach = run.readEvents(dir).length;
  const second = run.startSupervisor('attach', dir, [{ name: 'after-attach', argv: ['/bin/echo', 'spawned after attach'] }]);
  const adoption = await waitFor('the keeper to finish handing over', () => {
    const events = run.readEvents(dir).slice(eventsBeforeAttach);
    return events.some((event) => event.t === 'adopted') ? events : null;
  });
  const handover = adoption.slice(0, adoption.findIndex((event) => event.t === 'adopted') + 1).filter((event) => event.t !== 'supervisor');
  expect(handover[0]).toEqual({ t: 'attached', pid: keeper });
  expect(
    handover
      .filter((event) => event.t === 'held')
      .map((event) => event.pid)
      .sort(),
  ).toEqual([writer, exiter, unheard].sort());
  // Exits come after every held pair, in today's exit message form: those recorded meanwhile, and those told to a
  // supervisor that died before reading the output to the end. The exiter was armed to be restarted always, but a
  // keeper without a supervisor restarts nothing (a replacement would be held here too).
  const exits = handover.slice(
    handover.findIndex((event) => event.t === 'exit'),
    -1,
  );
  expect(exits).toHaveLength(2);
  expect(exits).toEqual(
    expect.arrayContaining([
      { t: 'exit', pid: exiter, code: 7, signal: null },
      { t: 'exit', pid: unheard, code: 0, signal: null },
    ]),
  );
  // The counts let a supervisor wait for the handles, which Node delivers after plain messages.
  expect(handover.at(-1)).toEqual({ t: 'adopted', children: 3, sockets: 0 });
  await waitFor(
    "the unread program's output, read by the second supervisor",
    () => existsSync(join(dir, `out-${unheard}.txt`)) && readFileSync(join(dir, `out-${unheard}.txt`), 'utf8') === 'last words\n',
  );

  // The frames pipe survives the relay's handover: the attached supervisor starts programs through the keeper.
  const late = await waitFor('a program spawned after attaching', () => run.readEvents(dir).find((event) => event.t === 'spawned' && event.name === 'after-attach'));
  await waitFor("that program's output", () => existsSync(join(dir, `out-${late.pid}.txt`)) && readFileSync(join(dir, `out-${late.pid}.txt`), 'utf8') === 'spawned after attach\n');

  await waitFor('the second supervisor to read well past the gap', () => lineNumbers(writerOutput).length >= linesBeforeKill + 200);
  // Every number once, in order: what the writer wrote while no supervisor read waited in its socket. The first
  // supervisor wrote each chunk synchronously as it read it, so its SIGKILL could lose only bytes read and not yet
  // written (a window of microseconds), never bytes still in the socket, which the keeper's held dup kept open.
  expect(run.readEvents(dir).filter((event) => event.name === 'respawn')).toEqual([]);
  const numbers = lineNumbers(writerOutput);
  expect(numbers.every((number, index) => number === index)).toBe(true);

  // One supervisor at a time: another attach while this one is attached is refused.
  const refused = await runHelper(['--attach', socketPath]);
  expect(refused.code).toBe(69);
  expect(refused.stderr).toContain(`${socketPath} refused the attach`);

  // Supervisor after supervisor: each one's relay goes with it, and the writer goes on, its lines whole.
  let current = second;
  let relay = adoption.find((event) => event.t === 'supervisor')?.helper ?? 0;
  for (let generation = 3; generation <= 5; generation++) {
    await killAndWait(current);
    await waitFor("the dead supervisor's relay to exit", () => !isAlive(relay));
    const eventsBefore = run.readEvents(dir).length;
    const linesBefore = lineNumbers(writerOutput).length;
    current = run.startSupervisor('attach', dir, []);
    const events = await waitFor(`supervisor ${generation} to adopt`, () => {
      const since = run.readEvents(dir).slice(eventsBefore);
      return since.some((event) => event.t === 'adopted') ? since : null;
    });
    expect(events.filter((event) => event.t === 'held').map((event) => event.pid)).toEqual([writer]);
    relay = events.find((event) => event.t === 'supervisor')?.helper ?? 0;
    await waitFor(`supervisor ${generation} to read on`, () => lineNumbers(writerOutput).length >= linesBefore + 100);
  }
  expect(lineNumbers(writerOutput).every((number, index) => number === index)).toBe(true);
  await killAndWait(current);
}, 60_000);

it("refuses a peer of another uid (SO_PEERCRED), even when the socket's mode would let it connect", async () => {
  const dir = run.makeDir();
  const socketPath = join(dir, 'keeper.sock');
  const first = run.startSupervisor('keep', dir, [{ name: 'sleeper', argv: ['/bin/sleep', '60'] }]);
  await waitFor('the program to be spawned', () => run.readEvents(dir).some((event) => event.t === 'spawned'));
  expect(statSync(socketPath).mode & 0o777).toBe(0o600);
  await killAndWait(first);
  // Switching uid needs root (setpriv); as another user only the socket's mode above is checked.
  if (process.getuid?.() !== 0) return;
  // Open the way for uid 65534 so that only the keeper's own check stands between it and the programs.
  chmodSync(dir, 0o711);
  chmodSync(socketPath, 0o666);
  const foreign = await runHelper(['--attach', socketPath], ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
  expect(foreign).toEqual({ code: 69, stderr: expect.stringContaining(`${socketPath} refused the attach`) as string });
  // Still unattached and still keeping: its own uid attaches.
  const eventsBeforeAttach = run.readEvents(dir).length;
  const second = run.startSupervisor('attach', dir, []);
  await waitFor('the keeper to adopt', () =>
    run
      .readEvents(dir)
      .slice(eventsBeforeAttach)
      .some((event) => event.t === 'adopted'),
  );
  await killAndWait(second);
}, 60_000);

it('holds a listening socket while no supervisor is there: a connection made meanwhile is served after attach', async () => {
  const dir = run.makeDir();
  const first = run.startSupervisor('keep', dir, [{ name: 'sleeper', argv: ['/bin/sleep', '60'] }], ['hold-socket']);
  const port = await waitFor('the keeper to hold the socket', () => run.readEvents(dir).find((event) => event.t === 'listening')?.port);
  await killAndWait(first);
  // Nobody accepts now: the kernel completes the connection into the backlog of the socket the keeper holds.
  const client = connect(port, '127.0.0.1');
  let answer = '';
  let failure: Error | null = null;
  client.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  client.on('error', (err) => (failure = err));
  await new Promise((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  client.write('during the gap');
  const second = run.startSupervisor('attach', dir, []);
  await waitFor('the connection made during the gap to be served', () => failure ?? answer === 'served during the gap');
  expect(failure).toBe(null);
  const handback = run.readEvents(dir).filter((event) => event.t === 'socket');
  expect(handback).toEqual([{ t: 'socket', key: 'web' }]);
  client.destroy();
  await killAndWait(second);
}, 60_000);

it('closes a held listening socket on release', async () => {
  const dir = run.makeDir();
  const first = run.startSupervisor('keep', dir, [{ name: 'sleeper', argv: ['/bin/sleep', '60'] }], ['hold-socket', 'release']);
  const port = await waitFor('the socket to be held and released', () => run.readEvents(dir).find((event) => event.t === 'released')?.port);
  await killAndWait(first);
  const refusal = await waitFor('a connection to be refused', async () => {
    const client = connect(port, '127.0.0.1');
    const result = await new Promise<string>((resolve) => {
      client.once('connect', () => resolve('accepted'));
      client.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      // A full backlog drops the handshake instead of refusing it: that too is a socket still held.
      client.setTimeout(2_000, () => resolve('accepted'));
    });
    client.destroy();
    return result === 'accepted' ? null : result;
  });
  expect(refusal).toBe('ECONNREFUSED');
}, 60_000);

it('--attach to a missing socket fails with a line naming the path and the error', async () => {
  const socketPath = join(run.makeDir(), 'nobody.sock');
  const result = await runHelper(['--attach', socketPath]);
  expect(result).toEqual({ code: 69, stderr: `drover-spawner: cannot attach to ${socketPath}: connect: No such file or directory\n` });
});

it('--keep where a keeper already answers exits 69 and leaves that keeper alone', async () => {
  const dir = run.makeDir();
  const first = run.startSupervisor('keep', dir, [{ name: 'sleeper', argv: ['/bin/sleep', '60'] }]);
  await waitFor('the program to be spawned', () => run.readEvents(dir).some((event) => event.t === 'spawned'));
  const result = await runHelper(['--keep', join(dir, 'keeper.sock')]);
  expect(result).toEqual({ code: 69, stderr: `drover-spawner: ${join(dir, 'keeper.sock')}: another keeper already answers there\n` });
  await killAndWait(first);
});

it('without --keep, or with nothing to keep, the helper exits when its supervisor goes (and leaves its children)', async () => {
  const dir = run.makeDir();
  for (const args of [[], ['--keep', join(dir, 'keeper.sock')]]) {
    const helper = run.track(spawn(run.spawnerBinary(), args, { stdio: ['pipe', 'ignore', 'inherit', 'ipc'] }));
    const exited = new Promise<number | null>((resolve) => helper.once('exit', resolve));
    if (args.length > 0) await waitFor('the keeper socket', () => existsSync(join(dir, 'keeper.sock')));
    helper.stdin?.end();
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'keeper.sock'))).toBe(false);
  }
  const helper = run.track(spawn(run.spawnerBinary(), [], { stdio: ['pipe', 'ignore', 'inherit', 'ipc'] }));
  const exited = new Promise<number | null>((resolve) => helper.once('exit', resolve));
  const pid = await spawnSleeper(helper);
  helper.stdin?.end();
  expect(await exited).toBe(0);
  expect(isAlive(pid)).toBe(true);
});

it('a "Q" frame ends keep mode (ctl shutdown): the socket goes, and the helper exits with its supervisor', async () => {
  const socketPath = join(run.makeDir(), 'keeper.sock');
  const helper = run.track(spawn(run.spawnerBinary(), ['--keep', socketPath], { stdio: ['pipe', 'ignore', 'inherit', 'ipc'] }));
  const exited = new Promise<number | null>((resolve) => helper.once('exit', resolve));
  const pid = await spawnSleeper(helper);
  helper.stdin?.write(frame(['Q']));
  await waitFor('the keeper socket to be removed', () => !existsSync(socketPath));
  helper.stdin?.end();
  expect(await exited).toBe(0);
  expect(isAlive(pid)).toBe(true);
});
