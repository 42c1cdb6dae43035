import { describe, expect, it } from 'vitest';
import { parseCommand, splitCommand } from '../../src/config/split-command.js';

describe('splitCommand', () => {
  it.each([
    ['node app.js', ['node', 'app.js']],
    ['  uvicorn   main:app  --fd 3 ', ['uvicorn', 'main:app', '--fd', '3']],
    ["echo 'a b' c", ['echo', 'a b', 'c']],
    ['echo "a b" c', ['echo', 'a b', 'c']],
    ['echo "say \\"hi\\" \\\\ \\n"', ['echo', 'say "hi" \\ \\n']],
    ["echo 'no \\escape'", ['echo', 'no \\escape']],
    ['echo a\\ b', ['echo', 'a b']],
    ["echo ''", ['echo', '']],
    ['echo pre"mid"\'post\'', ['echo', 'premidpost']],
    ["sh -c 'a | b && c > d'", ['sh', '-c', 'a | b && c > d']],
    ['python -c "print(1)"', ['python', '-c', 'print(1)']],
    ['echo "$(not run)"', ['echo', '$(not run)']],
    ['echo $HOME', ['echo', '$HOME']],
    ['worker --name %(program_name)s_%(process_num)02d', ['worker', '--name', '%(program_name)s_%(process_num)02d']],
    ['a \\\n b', ['a', 'b']],
  ])('%j → %j', (command, argv) => {
    expect(splitCommand(command)).toEqual({ ok: true, value: argv });
  });

  it.each([
    ['', 'expected a command to run, got ""'],
    ['   ', 'expected a command to run, got "   "'],
    ["echo 'open", "expected a closing ' for the one at character 6, got the end of the command"],
    ['echo "open', 'expected a closing " for the one at character 6, got the end of the command'],
    ['echo \\', 'expected a character after the final backslash, got the end of the command'],
    ['a | b', `found the shell operator "|", but drover runs commands without a shell; to use one, write: sh -c 'a | b'`],
    ['a && b', `found the shell operator "&&", but drover runs commands without a shell; to use one, write: sh -c 'a && b'`],
    ['a; b', `found the shell operator ";", but drover runs commands without a shell; to use one, write: sh -c 'a; b'`],
    ['a > out.log', `found the shell operator ">", but drover runs commands without a shell; to use one, write: sh -c 'a > out.log'`],
    ['echo $(date)', `found the shell operator "$(", but drover runs commands without a shell; to use one, write: sh -c 'echo $(date)'`],
    ["echo 'x' | tr x y", `found the shell operator "|", but drover runs commands without a shell; to use one, write: sh -c 'echo '\\''x'\\'' | tr x y'`],
    ['run &', `found the shell operator "&", but drover runs commands without a shell; to use one, write: sh -c 'run &'`],
  ])('rejects %j', (command, message) => {
    expect(splitCommand(command)).toEqual({ ok: false, message });
  });
});

describe('parseCommand', () => {
  it.each([
    ['node app.js', ['node', 'app.js']],
    [
      ['node', 'app with space.js'],
      ['node', 'app with space.js'],
    ],
    [
      ['sleep', 10],
      ['sleep', '10'],
    ],
    [
      ['sh', '-c', 'a | b'],
      ['sh', '-c', 'a | b'],
    ],
  ])('%j → %j', (value, argv) => {
    expect(parseCommand(value)).toEqual({ ok: true, value: argv });
  });

  it.each([
    [[], 'expected a command string or a non-empty list of arguments, got a list with no items'],
    [undefined, 'expected a command string or a non-empty list of arguments, got nothing'],
    [42, 'expected a command string or a non-empty list of arguments, got 42'],
    [['node', { a: 1 }], 'expected each argument to be a string, got a mapping (item 2)'],
    [['', 'x'], 'expected a program to run as the first item, got ""'],
  ])('rejects %j', (value, message) => {
    expect(parseCommand(value)).toEqual({ ok: false, message });
  });
});
