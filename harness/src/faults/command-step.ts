import * as z from 'zod';
import { commandFailure, runCommand } from '../children/index.js';
import { doc, expected, formatDuration, mapping, MAX_DURATION_MS, parseDuration } from '../schema/index.js';
import type { LedgerCommand } from './fault-type.js';

/** One command of a `command` fault: its argv (no shell) and its time limit. */
export interface CommandStep {
  argv: string[];
  timeoutMs: number;
}

/** ms a command may run by default. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;

const argvError = expected('a command as a list of strings, like [sh, -c, "tc qdisc add …"]');
const timeoutError = expected('a duration like 30s, from 1ms to 24h');

/** A time limit in ms, or undefined when `s` is not a duration from 1ms to 24h. */
export const timeoutMsOf = (s: string): number | undefined => {
  const ms = parseDuration(s.trim());
  return ms !== undefined && ms >= 1 && ms <= MAX_DURATION_MS ? ms : undefined;
};

/** An argv: a non-empty list of strings, run without a shell. */
export const argvSchema = () =>
  z.array(z.string({ error: argvError }), { error: argvError }).min(1, { error: argvError });

/** A time limit; kept a string until the mapping's transform, so the mapping keeps its example. */
export const timeoutSchema = () =>
  z.string({ error: timeoutError }).refine((t) => timeoutMsOf(t) !== undefined, { error: timeoutError });

/**
 * A command field: `{ run: argv, timeout }`, documented with `description` and `example`. No
 * field inside transforms its value (the JSON Schema drops the examples of a mapping that does).
 */
export const commandField = (
  what: string,
  description: string,
  example: { run: string[]; timeout?: string },
) =>
  doc(
    mapping(`a command`, {
      run: doc(
        argvSchema(),
        `${what}: the program and its arguments, run without a shell in the scenario file's folder`,
        example.run,
      ),
      timeout: doc(
        timeoutSchema(),
        `how long the command may run before its whole process group is killed; default ${formatDuration(DEFAULT_COMMAND_TIMEOUT_MS)}`,
        '30s',
      ).optional(),
    }).transform((c): CommandStep => ({
      argv: c.run,
      timeoutMs: c.timeout === undefined ? DEFAULT_COMMAND_TIMEOUT_MS : timeoutMsOf(c.timeout)!,
    })),
    description,
    example,
  );

/** Runs a command; resolves with why it failed, or undefined when it exited 0. */
export async function runStep(c: LedgerCommand): Promise<string | undefined> {
  return commandFailure(c.argv, await runCommand(c), c.timeoutMs);
}
