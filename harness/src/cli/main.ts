#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ExitCode, FaultlineError, InvalidInputError } from '../errors/index.js';
import { FAULTLINE_VERSION } from '../runner/index.js';
import { cleanupCommand } from './cleanup-command.js';
import { runCommand } from './run-command.js';
import { toxiproxyCommand } from './toxiproxy-command.js';
import { validateCommand } from './validate-command.js';

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
}

function program(): Command {
  const cli = new Command('faultline')
    .description('Resilience chaos testing: load, faults on a timeline, and verdicts on how a system copes.')
    .version(FAULTLINE_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  cli
    .command('run')
    .description('run a scenario: start the mesh, drive load, inject faults, judge, report')
    .argument('<scenario>', 'scenario YAML file')
    .option('--platform <name>', 'where services run: local', 'local')
    .option('--out <dir>', 'output folder (default reports/<name>-<UTC timestamp>)')
    .option('--seed <n>', 'seed for every random choice (overrides the scenario)', integer)
    .option('--quiet', 'print only the verdict')
    .action(async (file: string, opts: { platform: string; out?: string; seed?: number; quiet?: boolean }) => {
      process.exitCode = await runCommand(file, opts);
    });

  cli
    .command('validate')
    .description('check scenarios without running them; exit 0 when all are valid, 2 otherwise')
    .argument('<files...>', 'scenario YAML files')
    .action(async (files: string[]) => {
      process.exitCode = await validateCommand(files);
    });

  cli
    .command('cleanup')
    .description('undo what unfinished runs left behind (processes, toxics, disabled proxies)')
    .action(async () => {
      process.exitCode = await cleanupCommand();
    });

  cli
    .command('toxiproxy')
    .description('run the embedded Toxiproxy-compatible server on its own (a drop-in for toxiproxy-server)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'API port', integer, 8474)
    .option('--config <file>', 'populate proxies from a toxiproxy.json at start')
    .option('--seed <n>', 'seed for toxicity, jitter and slicer sizes', integer)
    .action(async (opts: { host: string; port: number; config?: string; seed?: number }) => {
      await toxiproxyCommand(opts);
    });
  return cli;
}

/** Prints a FaultlineError as message + hint, anything else with its stack (a bug). */
function report(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : ExitCode.invalidInput;
  if (err instanceof FaultlineError) {
    process.stderr.write(`faultline: ${err instanceof InvalidInputError ? 'invalid input\n' : ''}${err.message}\n`);
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    return err.exitCode;
  }
  process.stderr.write(`faultline: unexpected error (please report it): ${(err as Error).stack ?? String(err)}\n`);
  return ExitCode.runFailed;
}

program()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    process.exitCode = report(err);
  })
  .finally(() => {
    // Everything a command started is closed by now; should a stray handle remain, it must not
    // keep a CI job waiting.
    setTimeout(() => process.exit(), 3000).unref();
  });
