import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/text/did-you-mean.js';
import { PROGRAM_OPTIONS } from '../../src/config/schema.js';

describe('didYouMean', () => {
  it.each([
    ['startsec', 'startsecs'],
    ['autorestrat', 'autorestart'],
    ['comand', 'command'],
    ['Command', 'command'],
    ['stopsignl', 'stopsignal'],
    ['numproc', 'numprocs'],
    ['stdout_log_file', 'stdout_logfile'],
    ['dependson', 'depends_on'],
  ])('%s → %s', (input, suggestion) => {
    expect(didYouMean(input, PROGRAM_OPTIONS)).toBe(suggestion);
  });

  it.each(['xyz', 'restart_policy', 'cwd'])('suggests nothing for %s', (input) => {
    expect(didYouMean(input, PROGRAM_OPTIONS)).toBeUndefined();
  });
});

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['ab', 'ba', 1],
    ['autorestrat', 'autorestart', 1],
  ])('%s ↔ %s = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});
