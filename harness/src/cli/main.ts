#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import {
  describeWithCauses,
  ExitCode,
  FaultlineError,
  InvalidInputError,
  stacksWithCauses,
} from '../errors/index.js';
import { FAULTLINE_VERSION } from '../runner/index.js';
import { cleanupCommand } from './cleanup-command.js';
import { exploreCommand } from './explore-command.js';
import { exportCommand } from './export-command.js';
import { initCommand } from './init-command.js';
import { calibrateCommand } from './calibrate-command.js';
import { mergeCommand } from './merge-command.js';
import { planCommand } from './plan-command.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { schemaCommand } from './schema-command.js';
import { serveCommand } from './serve-command.js';
import { toxiproxyCommand } from './toxiproxy-command.js';
import { validateCommand } from './validate-command.js';

/** Every subcommand; each file defines its own name, arguments, options and action. */
const commands: (() => Command)[] = [
  runCommand,
  validateCommand,
  planCommand,
  exploreCommand,
  calibrateCommand,
  initCommand,
  schemaCommand,
  exportCommand,
  reportCommand,
  mergeCommand,
  serveCommand,
  cleanupCommand,
  toxiproxyCommand,
];

function program(): Command {
  const cli = new Command('faultline')
    .description('Resilience chaos testing: load, faults on a timeline, and verdicts on how a system copes.')
    .version(FAULTLINE_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const make of commands) cli.addCommand(make().exitOverride());
  return cli;
}

/**
 * Prints a FaultlineError as message, causes and hint; anything else as an internal error (a
 * bug) with its causes and, as no run folder is at hand, every stack of the chain.
 */
function report(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : ExitCode.invalidInput;
  if (err instanceof FaultlineError) {
    process.stderr.write(
      `faultline: ${err instanceof InvalidInputError ? 'invalid input\n' : ''}${describeWithCauses(err)}\n`,
    );
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    return err.exitCode;
  }
  process.stderr.write(
    `faultline: internal error (please report it): ${describeWithCauses(err)}\n${stacksWithCauses(err)}`,
  );
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
