import * as z from 'zod';
import { formatArgv } from '../children/index.js';
import { doc, EDGE, expected, mapping, NAME } from '../schema/index.js';
import { noCanaryExpectation, QUICK_BOUND_MS } from './canary-effects.js';
import { commandField, runStep, type CommandStep } from './command-step.js';
import { describeVerify, verifyCommand, verifyField, verifyHttp, type VerifyStep } from './command-verify.js';
import { faultTiming } from './fault-schema-parts.js';
import {
  once,
  PartlyAppliedError,
  type FaultBase,
  type FaultContext,
  type FaultProof,
  type FaultType,
  type LedgerCommand,
} from './fault-type.js';

/**
 * Runs the user's `apply` command at `at` and their `revert` command at `at` + `for`; `verify`,
 * run right after `apply`, proves the effect: a command by exiting 0, an HTTP GET by an answer
 * that meets its expectation (`command-verify.ts`). The target (an edge or a service) is
 * optional and only named to the commands and the effect checks.
 */
export interface CommandFault extends FaultBase {
  type: 'command';
  edge?: string;
  service?: string;
  apply: CommandStep;
  revert: CommandStep;
  verify?: VerifyStep;
}

type CommandParams = { apply: string; revert: string; verify?: string };

/** ms the runner allows on top of a command's own limit (spawning, killing its group). */
const MARGIN_MS = 2_000;

const targetError = expected('an edge like orders->payments or a service name');

/** Puts the fault in place with a command and takes it away with another. */
export const commandFault: FaultType<'command', CommandFault, CommandParams> = {
  type: 'command',
  schema: mapping('a command fault', {
    type: doc(
      z.literal('command'),
      'your own commands break something at `at` and repair it at `at` + `for`',
      'command',
    ),
    ...faultTiming(),
    target: doc(
      z.string({ error: targetError }).refine((s) => EDGE.test(s) || NAME.test(s), { error: targetError }),
      'the edge caller->upstream or the service the commands act on, if any: named to them as FAULTLINE_TARGET, and measured by the effect checks',
      'payments',
    ).optional(),
    apply: commandField(
      'puts the fault in place',
      'the command that puts the fault in place; a failure or a timeout ends the run with exit 3 after running revert',
      { run: ['sh', '-c', 'touch /tmp/broken'], timeout: '30s' },
    ),
    revert: commandField(
      'takes the fault away',
      'the command that undoes apply; recorded in the run ledger before apply runs, so rollback, Ctrl-C and `faultline cleanup` run it; it may run more than once, so make it idempotent',
      { run: ['rm', '-f', '/tmp/broken'] },
    ),
    verify: verifyField.optional(),
  })
    .transform((f): CommandFault => ({
      type: 'command',
      name: f.name ?? (f.target ? `command ${f.target}` : `command ${f.apply.argv[0]}`),
      atMs: f.at,
      forMs: f.for,
      ...(f.target === undefined ? {} : f.target.includes('->') ? { edge: f.target } : { service: f.target }),
      apply: f.apply,
      revert: f.revert,
      ...(f.verify ? { verify: f.verify } : {}),
    }))
    .meta({ description: 'a command fault' }),
  describe: (f) => {
    const on = f.edge ?? f.service;
    // A command verify goes unsaid, as it always has; an HTTP one says what it asks.
    const verify = !f.verify
      ? ', unproven: no verify'
      : 'url' in f.verify
        ? `, verify ${describeVerify(f.verify)}`
        : '';
    return `command${on ? ` ${on}` : ''} (apply \`${formatArgv(f.apply.argv)}\`, revert \`${formatArgv(f.revert.argv)}\`${verify})`;
  },
  params: (f) => ({
    apply: formatArgv(f.apply.argv),
    revert: formatArgv(f.revert.argv),
    ...(f.verify ? { verify: describeVerify(f.verify) } : {}),
  }),
  // The canaries cannot tell what a command did: `verify` proves it (see `FaultProof`).
  effect: noCanaryExpectation('command'),
  canaryBoundMs: () => QUICK_BOUND_MS,
  action: () => ({ kind: 'command' }),
  timeLimitsMs: (f) => ({
    // A failed apply runs the revert before it rejects.
    applyMs: f.apply.timeoutMs + (f.verify?.timeoutMs ?? 0) + f.revert.timeoutMs + MARGIN_MS,
    revertMs: f.revert.timeoutMs + MARGIN_MS,
  }),
  revertCommand: (f, ctx) => step(f, ctx, f.revert, 'revert'),
  async apply(f, ctx) {
    const applyArgv = formatArgv(f.apply.argv);
    const revert = once(`command fault "${f.name}": \`${applyArgv}\` applied`, async () => {
      const why = await runStep(step(f, ctx, f.revert, 'revert'));
      if (why) throw new Error(`revert ${why}; what \`${applyArgv}\` did may still be in place`);
    });
    const failed = await runStep(step(f, ctx, f.apply, 'apply'));
    if (failed) {
      try {
        await revert.revert();
      } catch (err) {
        throw new PartlyAppliedError(`apply ${failed}; then ${(err as Error).message}`, revert);
      }
      throw new Error(`apply ${failed}; rolled back with its revert`);
    }
    const proof: FaultProof = !f.verify
      ? {
          status: 'unproven',
          evidence: 'no verify was given, so nothing proves the fault took effect',
        }
      : 'url' in f.verify
        ? await verifyHttp(f.verify)
        : await verifyCommand(f.verify, step(f, ctx, f.verify, 'verify'));
    return { ...revert, proof };
  },
};

/** The environment every command of the fault runs with (documented in docs/authoring.md). */
export function commandEnv(f: CommandFault, ctx: FaultContext, phase: string): Record<string, string> {
  const proxy = f.edge ? ctx.proxies.get(f.edge) : undefined;
  return {
    FAULTLINE_RUN_ID: ctx.run?.id ?? '',
    FAULTLINE_FAULT: f.name,
    FAULTLINE_TARGET: f.edge ?? f.service ?? '',
    FAULTLINE_PHASE: phase,
    FAULTLINE_FOR_MS: String(f.forMs),
    FAULTLINE_TOXIPROXY_URL: ctx.toxiproxy.host,
    ...(proxy ? { FAULTLINE_PROXY: proxy } : {}),
  };
}

function step(f: CommandFault, ctx: FaultContext, s: CommandStep, phase: string): LedgerCommand {
  return {
    argv: s.argv,
    timeoutMs: s.timeoutMs,
    env: commandEnv(f, ctx, phase),
    ...(ctx.run ? { cwd: ctx.run.dir } : {}),
  };
}
