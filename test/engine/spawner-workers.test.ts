import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer, Socket, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { frame, killAndWait, KeeperTestRun, type KeeperEvent } from '../helpers/spawner-keeper.js';
import { isAlive, waitFor } from '../helpers/wait-for.js';

/**
 * Prefork workers started by drover-spawner ("W" frame, see spawner-workers.c): listening sockets the helper holds at
 * fd 3, 4, …, a notify socket after them, and in keep mode all of it held across a supervisor's death.
 */

/** A worker: says which fds it has and its socket's port on the notify fd (4), then serves each connection on fd 3. */
const WORKER = `
import json, os, select, socket, sys
def is_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False
fds = [fd for fd in range(64) if is_open(fd)]
listener = socket.socket(fileno=3)
os.write(4, (json.dumps({'t': 'ready', 'fds': fds, 'port': listener.getsockname()[1]}) + '\\n').encode())
while True:
    select.select([listener], [], [])
    try:
        conn, _ = listener.accept()
    except BlockingIOError:
        continue
    conn.setblocking(True)
    data = conn.recv(100)
    conn.sendall(b'worker ' + data)
    conn.close()
    print('served', data.decode(), flush=True)
    print('to stderr', data.decode(), file=sys.stderr, flush=True)
    os.write(4, (json.dumps({'t': 'served', 'what': data.decode()}) + '\\n').encode())
`;
const WORKER_ARGV = ['/usr/bin/python3', '-c', WORKER];

type Message = KeeperEvent;

const run = new KeeperTestRun();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  run.cleanup();
});

const spawnFields = (argv: string[]): string[] => [argv[0] ?? '', '/tmp', '-1', String(argv.length), ...argv, '1', `PATH=${process.env.PATH ?? ''}`];
const workerFrame = (id: number, keys: string[], notify: boolean, argv: string[]): Buffer =>
  frame(['W', String(id), String(keys.length), ...keys, notify ? '1' : '0', ...spawnFields(argv)]);

/** The helper driven from this test as drover drives it: every message kept, with its handle. */
function startHelper(args: string[] = []): { helper: ChildProcess; messages: { message: Message; handle: unknown }[] } {
  const helper = run.track(spawn(run.spawnerBinary(), args, { stdio: ['pipe', 'ignore', 'inherit', 'ipc'] }));
  const messages: { message: Message; handle: unknown }[] = [];
  helper.on('message', (message: Message, handle: unknown) => {
    messages.push({ message, handle });
    if (message.t === 'spawned' && message.pid !== undefined) run.pids.add(message.pid);
  });
  cleanups.push(() => helper.stdin?.destroy());
  return { helper, messages };
}

async function listenLocal(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => server.close());
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { server, port: address.port };
}

/** Sends the socket to the helper to hold: resolves once Node has written it, as drover waits before a "W" frame. */
function hold(helper: ChildProcess, key: string, server: Server): Promise<void> {
  return new Promise((resolve, reject) => helper.send({ t: 'hold', key }, server, (err) => (err ? reject(err) : resolve())));
}

/** Everything a raw handle from the helper delivers, as it arrives. */
function collect(handle: unknown): { text: () => string } {
  let text = '';
  // `handle` is accepted by net.Socket but missing from @types/node's options (an extra property of this object passes).
  const options = { handle, readable: true, writable: false };
  const socket = new Socket(options);
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  cleanups.push(() => socket.destroy());
  return { text: () => text };
}

/** Connects, sends `what`, and resolves with everything the server answers before closing. */
function ask(port: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = connect(port, '127.0.0.1', () => client.write(what));
    let answer = '';
    client.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    client.on('end', () => resolve(answer));
    client.on('error', reject);
  });
}

function answerTo(messages: { message: Message }[], id: number): Message | undefined {
  return messages.map(({ message }) => message).find((message) => (message.t === 'spawned' || message.t === 'error') && message.id === id);
}

it('starts a worker with the held listening socket at fd 3 and a notify socket at fd 4, sent before its "spawned"', async () => {
  const { helper, messages } = startHelper();
  const { server, port } = await listenLocal();
  await hold(helper, 'web#0', server);
  server.close(); // from now on only the worker accepts
  helper.stdin?.write(workerFrame(1, ['web#0'], true, WORKER_ARGV));
  const spawned = await waitFor('the worker to be spawned', () => answerTo(messages, 1));
  expect(spawned).toMatchObject({ t: 'spawned', id: 1 });
  const notifyIndex = messages.findIndex(({ message }) => message.t === 'notify');
  expect(messages[notifyIndex]?.message).toEqual({ t: 'notify', pair: spawned.pair });
  expect(notifyIndex).toBeLessThan(messages.findIndex(({ message }) => message.t === 'spawned'));
  const notify = collect(messages[notifyIndex]?.handle);
  const stdout = collect(messages.find(({ message }) => message.t === 'stdout' && message.pair === spawned.pair)?.handle);

  const ready = await waitFor('the worker to say it is ready', () => notify.text().split('\n')[0]);
  // Nothing else inherited: 0-2, the socket and the notify end.
  expect(JSON.parse(ready)).toEqual({ t: 'ready', fds: [0, 1, 2, 3, 4], port });
  expect(await ask(port, 'hello')).toBe('worker hello');
  await waitFor('the notify line for the request', () => notify.text().includes('{"t": "served", "what": "hello"}\n'));
  await waitFor('the worker output', () => stdout.text() === 'served hello\n');
});

it("puts each key's socket at its own fd, whatever fd numbers the helper holds them at", async () => {
  const { helper, messages } = startHelper();
  const listeners: { server: Server; port: number }[] = [];
  for (let i = 0; i < 8; i++) listeners.push(await listenLocal());
  for (const [i, { server }] of listeners.entries()) await hold(helper, `web#${i}`, server);
  // Reversed, and more than the gap between fd 3 and the fds the helper got them at: placed one by one, fd 3 + i would
  // replace a socket still to be placed.
  const order = [...listeners.keys()].reverse();
  const ports = 'import socket\nprint(" ".join(str(socket.socket(fileno=fd).getsockname()[1]) for fd in range(3, 11)))';
  helper.stdin?.write(
    workerFrame(
      1,
      order.map((i) => `web#${i}`),
      false,
      ['/usr/bin/python3', '-c', ports],
    ),
  );
  const spawned = await waitFor('the worker to be spawned', () => answerTo(messages, 1));
  const stdout = collect(messages.find(({ message }) => message.t === 'stdout' && message.pair === spawned.pair)?.handle);
  await waitFor('the ports of fds 3-10', () => stdout.text().endsWith('\n'));
  expect(stdout.text().trim()).toBe(order.map((i) => listeners[i]?.port).join(' '));
});

it('reads a hold already written but not yet read before it answers EBADF (no race with the "W" frame)', async () => {
  const { helper, messages } = startHelper();
  const { server } = await listenLocal();
  // A child that ends while the helper is stopped: on SIGCONT, the helper reaps it first and acts on the frames already
  // written (spawner.c), the "W" frame among them, before it has polled the channel the hold is waiting in.
  helper.stdin?.write(frame(['S', '1', '/bin/sleep', '/tmp', '-1', '2', 'sleep', '60', '0']));
  const sleeper = await waitFor('the sleeper to be spawned', () => answerTo(messages, 1)?.pid);
  process.kill(helper.pid ?? 0, 'SIGSTOP');
  cleanups.push(() => helper.pid !== undefined && isAlive(helper.pid) && process.kill(helper.pid, 'SIGCONT'));
  process.kill(sleeper, 'SIGKILL');
  await hold(helper, 'web#0', server);
  await new Promise((resolve) => helper.stdin?.write(workerFrame(2, ['web#0'], false, ['/bin/sleep', '60']), resolve));
  process.kill(helper.pid ?? 0, 'SIGCONT');
  const answer = await waitFor('the worker to be answered', () => answerTo(messages, 2));
  expect(answer).toMatchObject({ t: 'spawned', id: 2 });
  // Told after the frames it made the helper act on (spawner.c), so possibly in a later read than the answer.
  await waitFor("the sleeper's exit", () => messages.some(({ message }) => message.t === 'exit' && message.pid === sleeper));
});

it('answers a key not held with EBADF, and the next request gets the pair that waited', async () => {
  const { helper, messages } = startHelper();
  helper.stdin?.write(workerFrame(1, ['nope'], true, WORKER_ARGV));
  expect(await waitFor('the error', () => answerTo(messages, 1))).toEqual({ t: 'error', id: 1, errno: 9 });
  expect(messages.some(({ message }) => message.t === 'notify')).toBe(false);
  helper.stdin?.write(frame(['S', '2', '/bin/echo', '/tmp', '-1', '2', 'echo', 'still works', '0']));
  const spawned = await waitFor('the next spawn', () => answerTo(messages, 2));
  expect(spawned).toMatchObject({ t: 'spawned', id: 2, pair: 1 });
  const stdout = collect(messages.find(({ message }) => message.t === 'stdout' && message.pair === 1)?.handle);
  await waitFor('its output', () => stdout.text() === 'still works\n');
  // A malformed worker frame is refused as a malformed "S" is.
  helper.stdin?.write(frame(['W', '3', '2', 'only-one-key']));
  expect(await waitFor('the malformed frame refused', () => answerTo(messages, 3))).toEqual({ t: 'error', id: 3, errno: 22 });
});

const fileText = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

it('keeps a worker, its socket and its notify socket across a supervisor SIGKILL, and hands them to the next', async () => {
  const dir = run.makeDir();
  const first = run.startSupervisor('keep', dir, [{ name: 'worker', argv: WORKER_ARGV, keys: ['web'], notify: true }], ['hold-socket']);
  const worker = await waitFor('the worker to be spawned', () => run.readEvents(dir).find((event) => event.t === 'spawned')?.pid);
  const port = await waitFor('the socket to be held', () => run.readEvents(dir).find((event) => event.t === 'listening')?.port);
  await waitFor("the first supervisor to read the worker's ready line", () => fileText(join(dir, `notify-${worker}.txt`)).startsWith('{"t": "ready"'));
  await killAndWait(first);

  // No supervisor: the worker serves on, and what it says waits in the sockets the keeper holds.
  expect(await ask(port, 'during the gap')).toBe('worker during the gap');
  const eventsBeforeAttach = run.readEvents(dir).length;
  const second = run.startSupervisor('attach', dir, []);
  const handover = await waitFor('the keeper to hand over', () => {
    const events = run.readEvents(dir).slice(eventsBeforeAttach);
    return events.some((event) => event.t === 'adopted') ? events : null;
  });
  const held = handover.find((event) => event.t === 'held');
  expect(held?.pid).toBe(worker);
  expect(held?.notify).toBe(1);
  const notifyIndex = handover.findIndex((event) => event.t === 'notify');
  expect(handover[notifyIndex]).toEqual({ t: 'notify', pair: held?.pair });
  expect(notifyIndex).toBeLessThan(handover.indexOf(held ?? { t: '' }));
  await waitFor('the notify line written during the gap', () => fileText(join(dir, `notify-${worker}.txt`)).includes('{"t": "served", "what": "during the gap"}\n'));
  await waitFor('the output written during the gap', () => fileText(join(dir, `out-${worker}.txt`)) === 'served during the gap\n');
  await waitFor('the stderr written during the gap', () => fileText(join(dir, `err-${worker}.txt`)) === 'to stderr during the gap\n');
  expect(isAlive(worker)).toBe(true);
  await killAndWait(second);
}, 60_000);

it('a keeper left with no running child and no socket removes its socket file and exits', async () => {
  const dir = run.makeDir();
  const socketPath = join(dir, 'keeper.sock');
  const first = run.startSupervisor('keep', dir, [{ name: 'sleeper', argv: ['/bin/sleep', '60'] }]);
  const sleeper = await waitFor('the program to be spawned', () => run.readEvents(dir).find((event) => event.t === 'spawned')?.pid);
  const keeper = run.readEvents(dir).find((event) => event.t === 'supervisor')?.helper ?? 0;
  await killAndWait(first);
  // Its program still runs: the keeper stays for the next supervisor.
  expect(isAlive(keeper)).toBe(true);
  process.kill(sleeper, 'SIGKILL');
  await waitFor('the keeper to exit', () => !isAlive(keeper));
  expect(existsSync(socketPath)).toBe(false);
}, 60_000);

it("raises its open-files soft limit to the hard limit: a keeper holds fds beyond its children's", async () => {
  const socketPath = join(run.makeDir(), 'keeper.sock');
  const helper = run.track(
    spawn('/bin/sh', ['-c', 'ulimit -S -n 64 && exec "$0" "$@"', run.spawnerBinary(), '--keep', socketPath], { stdio: ['pipe', 'ignore', 'inherit', 'ipc'] }),
  );
  const exited = new Promise((resolve) => helper.once('exit', resolve));
  await waitFor('the keeper socket', () => existsSync(socketPath));
  const line = readFileSync(`/proc/${helper.pid}/limits`, 'utf8')
    .split('\n')
    .find((limit) => limit.startsWith('Max open files'));
  const [soft, hard] = (line ?? '').split(/\s+/).slice(3, 5);
  expect(soft).toBe(hard);
  expect(Number(soft)).toBeGreaterThan(64);
  helper.stdin?.end();
  await exited;
});
