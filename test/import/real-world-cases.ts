import type { ExpectedProgram } from '../helpers/corpus-meaning.js';

/** One corpus config, and what supervisord (or foreman) would make of it. */
export interface CorpusCase {
  /** The file under test/fixtures/real-world/, or the folder of a conf.d set imported through a small main file. */
  config: string;
  /** `main`: the text of that main file; `CORPUS/` in it stands for test/fixtures/real-world/. */
  main?: string;
  /** What the image sets, which `%(ENV_X)s` reads. */
  env?: Record<string, string>;
  /** Every program, with what differs from supervisord's defaults (corpus-meaning.ts). */
  programs: Record<string, ExpectedProgram>;
  /** supervisord's names of all processes: `group:process`, the group being the program's own name outside a [group:x]. */
  names: string[];
  groups?: Record<string, string[]>;
  /** Warnings the import must give: what supervisord did that drover does otherwise. */
  warnings?: RegExp[];
}

/** A Procfile, and what foreman and Heroku make of it. */
export interface ProcfileCase {
  config: string;
  /** Each program: leading `NAME=value` words, as environment (foreman runs the line through sh). */
  programs: Record<string, { environment?: Record<string, string> }>;
  /** A `release:` line: Heroku's release phase, a one-shot that `web` waits for. */
  release?: boolean;
}
