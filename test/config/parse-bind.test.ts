import { describe, expect, it } from 'vitest';
import { parseBindText } from '../../src/config/parse-bind.js';
import { parseFileMode, parseWorkers, positiveDuration } from '../../src/config/option-values.js';

const ok = (value: unknown) => ({ ok: true, value });
const no = (message: string) => ({ ok: false, message });
const FORMS = 'expected host:port, [::1]:port, unix:/path or fd://N';
const PORT = 'expected host:port with a port from 1 to 65535';

describe('parseBindText', () => {
  it.each([
    ['127.0.0.1:8000', { kind: 'tcp', host: '127.0.0.1', port: 8000, family: 4, text: '127.0.0.1:8000' }],
    ['0.0.0.0:80', { kind: 'tcp', host: '0.0.0.0', port: 80, family: 4, text: '0.0.0.0:80' }],
    ['localhost:8000', { kind: 'tcp', host: 'localhost', port: 8000, family: 4, text: 'localhost:8000' }],
    ['app-1.internal.example:65535', { kind: 'tcp', host: 'app-1.internal.example', port: 65535, family: 4, text: 'app-1.internal.example:65535' }],
    [':8000', { kind: 'tcp', host: '0.0.0.0', port: 8000, family: 4, text: ':8000' }],
    ['*:8000', { kind: 'tcp', host: '0.0.0.0', port: 8000, family: 4, text: '*:8000' }],
    ['[::1]:8000', { kind: 'tcp', host: '::1', port: 8000, family: 6, text: '[::1]:8000' }],
    ['[::]:1', { kind: 'tcp', host: '::', port: 1, family: 6, text: '[::]:1' }],
    ['[fe80::1%eth0]:8000', { kind: 'tcp', host: 'fe80::1%eth0', port: 8000, family: 6, text: '[fe80::1%eth0]:8000' }],
    ['unix:/run/app.sock', { kind: 'unix', path: '/run/app.sock', mode: 0o660, text: 'unix:/run/app.sock' }],
    ['unix:run/app.sock', { kind: 'unix', path: 'run/app.sock', mode: 0o660, text: 'unix:run/app.sock' }],
    ['unix:///run/app.sock', { kind: 'unix', path: '/run/app.sock', mode: 0o660, text: 'unix:///run/app.sock' }],
    ['fd://3', { kind: 'fd', fd: 3, text: 'fd://3' }],
    ['fd://12', { kind: 'fd', fd: 12, text: 'fd://12' }],
  ])('reads %j', (input, address) => expect(parseBindText(input)).toEqual(ok(address)));

  it.each([
    ['localhost', `${FORMS}, got "localhost"`],
    ['8000', `${FORMS}, got "8000"; for port 8000 on every interface write ":8000"`],
    ['127.0.0.1:0', `${PORT}, got "127.0.0.1:0"`],
    ['127.0.0.1:70000', `${PORT}, got "127.0.0.1:70000"`],
    ['127.0.0.1:', `${PORT}, got "127.0.0.1:"`],
    ['127.0.0.1:http', `${PORT}, got "127.0.0.1:http"`],
    [':-1', `${PORT}, got ":-1"`],
    ['[::1]', 'expected [IPv6]:port with a port from 1 to 65535, such as [::1]:8000, got "[::1]"'],
    ['[::1]:0', 'expected [IPv6]:port with a port from 1 to 65535, such as [::1]:8000, got "[::1]:0"'],
    ['[nope]:80', `${FORMS}, got "[nope]:80"`],
    ['::1:8000', 'expected an IPv6 address in brackets and a port, such as [::1]:8000, got "::1:8000"'],
    ['::1', 'expected an IPv6 address in brackets and a port, such as [::1]:8000, got "::1"'],
    ['2001:db8::1', 'expected an IPv6 address in brackets and a port, such as [::1]:8000, got "2001:db8::1"'],
    ['999.0.0.1:80', `${FORMS}, got "999.0.0.1:80"`],
    ['bad_host!:80', `${FORMS}, got "bad_host!:80"`],
    ['http://localhost:8000', `${FORMS}, got "http://localhost:8000"`],
    ['unix:', 'expected a socket path after unix:, such as unix:/run/app.sock, got "unix:"'],
    ['fd://2', 'expected fd://N with N ≥ 3 (systemd passes sockets from fd 3 on; 0, 1 and 2 are stdin, stdout and stderr), got "fd://2"'],
    ['fd://x', 'expected fd://N with N ≥ 3 (systemd passes sockets from fd 3 on; 0, 1 and 2 are stdin, stdout and stderr), got "fd://x"'],
    ['', `${FORMS}, got ""`],
  ])('rejects %j', (input, message) => expect(parseBindText(input)).toEqual(no(message)));
});

describe('prefork value parsers', () => {
  it.each([
    ['0660', ok(0o660)],
    ['0o600', ok(0o600)],
    ['660', ok(0o660)],
    [0o600, ok(0o600)],
    ['0999', no('expected an octal file mode such as 0660 or 0o600, got "0999"')],
    ['rw-rw----', no('expected an octal file mode such as 0660 or 0o600, got "rw-rw----"')],
  ])('parseFileMode(%j)', (input, result) => expect(parseFileMode(input)).toEqual(result));

  it.each([
    [1, ok(1)],
    [16, ok(16)],
    ['auto', ok('auto')],
    ['AUTO', ok('auto')],
    [0, no('expected a whole number ≥ 1 or auto, got 0')],
    [2.5, no('expected a whole number ≥ 1 or auto, got 2.5')],
    ['4', no('expected a whole number ≥ 1 or auto, got "4"')],
    ['all', no('expected a whole number ≥ 1 or auto, got "all"')],
  ])('parseWorkers(%j)', (input, result) => expect(parseWorkers(input)).toEqual(result));

  it.each([
    ['30s', ok(30_000)],
    [0.5, ok(500)],
    [0, no('expected a duration above 0 like 500ms, 30s or a number of seconds, got 0')],
    ['0s', no('expected a duration above 0 like 500ms, 30s or a number of seconds, got "0s"')],
    ['soon', no('expected a duration above 0 like 500ms, 30s or a number of seconds, got "soon"')],
  ])('positiveDuration(%j)', (input, result) => expect(positiveDuration(input)).toEqual(result));
});
