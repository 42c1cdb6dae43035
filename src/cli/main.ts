#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { findConfigPath } from '../config/runtime.js';
import { writeCtlError } from './ctl/ctl-error.js';
import { exitWhenFlushed } from './exit-when-flushed.js';
import { restoreExtraCaCerts } from './extra-ca-certs.js';
import { USAGE } from './help.js';
import { describeMissingConfig } from './missing-config.js';
import { parseArgs, UsageError, type ParsedArgs } from './parse-args.js';
import { droverVersion } from './version.js';

/** The entry point, and the only place that calls process.exit. */

/**
 * Loads a module that brings in the view (React, Ink) with the environment
 * those libraries read once, at import, set for a terminal view:
 * - NODE_ENV=production unless the user set it: React picks its build when
 *   first imported, and its development build cost the view about twice the CPU.
 * - CI and CONTINUOUS_INTEGRATION hidden: with either set, Ink draws nothing
 *   until it exits, and a view is only ever imported for a real terminal (a
 *   CI runner's job, or a shell where CI=true was exported, gave a blank screen).
 * Restored afterwards, so the programs drover starts inherit the environment
 * the user gave it.
 */
async function importView<T>(load: () => Promise<T>): Promise<T> {
  const saved = { NODE_ENV: process.env.NODE_ENV, CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  if (saved.NODE_ENV === undefined) process.env.NODE_ENV = 'production';
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  try {
    return await load();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

async function dispatch(args: ParsedArgs): Promise<number> {
  if (args.flags.has('--help') || args.verb === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.flags.has('--version')) {
    process.stdout.write(`drover ${droverVersion()}\n`);
    return 0;
  }
  const configPath = findConfigPath(args.config);
  switch (args.verb) {
    case null: {
      if (!existsSync(configPath)) {
        process.stderr.write(describeMissingConfig(configPath, args.config));
        return 1;
      }
      if (args.flags.has('--daemon') && !args.flags.has('--foreground')) {
        const { launchDaemon } = await import('./commands/daemon.js');
        return launchDaemon(configPath, process.stdout, process.stderr);
      }
      const terminal = process.stdin.isTTY && process.stdout.isTTY;
      if (args.flags.has('--foreground') || !terminal) {
        // The config: from the `drover --daemon` that started this supervisor (parsed and checked there), else loaded
        // in its own process: start that first, and load the supervisor's modules meanwhile.
        const { configFromLauncher } = await import('../daemon/daemon-notify.js');
        const { loadConfigIsolated } = await import('../config/runtime.js');
        const config = configFromLauncher(configPath) ?? loadConfigIsolated(configPath);
        const { runForeground } = await import('./commands/run.js');
        if (!terminal && !args.flags.has('--daemon'))
          process.stderr.write('drover: no terminal here, so no view: one line per state change follows (drover --daemon runs it in the background)\n');
        return runForeground(configPath, process.stdout, process.stderr, config);
      }
      // A supervisor of this config already answers: show its view rather than refuse to start a second one.
      const { supervisorAnswers } = await importView(() => import('./commands/attach.js'));
      if (await supervisorAnswers({ socket: args.socket, config: args.config })) {
        const { runAttach } = await importView(() => import('./commands/attach.js'));
        return runAttach({ socket: args.socket, config: args.config }, configPath);
      }
      const { runEmbedded } = await importView(() => import('./commands/embedded.js'));
      return runEmbedded(configPath);
    }
    case 'attach': {
      if (args.positionals.length > 0) throw new UsageError(`attach takes no arguments, got: ${args.positionals.join(' ')}`);
      const { runAttach } = await importView(() => import('./commands/attach.js'));
      return runAttach({ socket: args.socket, config: args.config }, configPath);
    }
    case 'check': {
      const { check } = await import('./commands/check.js');
      return check(configPath, { strict: args.flags.has('--strict') }, process.stdout, process.stderr);
    }
    case 'init': {
      if (args.positionals.length > 1) throw new UsageError(`init takes at most one FILE, got: ${args.positionals.join(' ')}`);
      const { runInit } = await import('./commands/init.js');
      return runInit(args.positionals[0] ?? args.config ?? 'programs.yaml', process.stdout, process.stderr);
    }
    case 'import': {
      if (args.positionals.length !== 1) throw new UsageError('import takes one file: a supervisord.conf or a Procfile');
      const { runImport } = await import('./commands/import.js');
      return runImport(args.positionals[0]!, { prefork: args.flags.has('--prefork') }, process.stdout, process.stderr);
    }
    case 'export': {
      if (args.positionals.length !== 1) throw new UsageError('export takes one kind: systemd, compose or kubernetes');
      const { runExport } = await import('./commands/export.js');
      return runExport(
        args.positionals[0]!,
        configPath,
        { perProgram: args.flags.has('--per-program'), socketActivation: args.flags.has('--socket-activation') },
        process.stdout,
        process.stderr,
      );
    }
    case 'ctl': {
      // A client of the control socket only: it must not load the engine or the view.
      const { runCtl } = await import('./ctl/index.js');
      return runCtl(args);
    }
    default:
      throw new UsageError(`unknown command: ${args.verb}`);
  }
}

async function main(): Promise<void> {
  restoreExtraCaCerts();
  const argv = process.argv.slice(2);
  let code: number;
  try {
    code = await dispatch(parseArgs(argv));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // A script that asked for JSON reads its errors as JSON too, on stdout (ctl's other errors do the same).
    if (argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length).includes('--json'))
      writeCtlError({ code: 'USAGE', message: error.message }, true, { out: process.stdout, err: process.stderr });
    else process.stderr.write(error.showUsage ? `drover: ${error.message}\n\n${USAGE}` : `drover: ${error.message}\n`);
    code = 2;
  }
  await exitWhenFlushed(code);
}

await main();
