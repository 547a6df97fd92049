import { formatArgv } from '../children/index.js';
import {
  describeExpectation,
  expectationFields,
  expectationOf,
  httpUrl,
  jsonPointer,
  pollHttp,
  POLL_INTERVAL_MS,
  type ProbeAnswer,
  type ProbeExpectation,
} from '../probes/index.js';
import { doc, formatDuration, mapping } from '../schema/index.js';
import {
  argvSchema,
  DEFAULT_COMMAND_TIMEOUT_MS,
  runStep,
  timeoutMsOf,
  timeoutSchema,
  type CommandStep,
} from './command-step.js';
import type { FaultProof, LedgerCommand } from './fault-type.js';

/** An HTTP `verify`: GETs `url` until an answer meets `expect`, for at most `timeoutMs`. */
export interface HttpVerify {
  url: string;
  expect: ProbeExpectation;
  timeoutMs: number;
}

/** What proves a `command` fault: a command that exits 0, or an HTTP answer that meets an expectation. */
export type VerifyStep = CommandStep | HttpVerify;

/** ms an HTTP verify keeps asking by default: an effect shows within moments, or not at all. */
export const DEFAULT_HTTP_VERIFY_TIMEOUT_MS = 5_000;

const expectationError = 'expected status or json, like { status: 503 }';

/** `verify:` — `{ run, timeout }` or `{ http, expect, timeout }`; exactly one of `run` and `http`. */
export const verifyField = doc(
  mapping('a verify like { run: [test, -e, /tmp/broken] } or { http: URL, expect: { status: 503 } }', {
    run: doc(
      argvSchema(),
      "a command that proves the effect by exiting 0: the program and its arguments, run without a shell in the scenario file's folder (give run or http)",
      ['test', '-e', '/tmp/broken'],
    ).optional(),
    http: doc(
      httpUrl(),
      `a URL to GET instead (give run or http): the effect is proven once an answer meets expect, asked again every ${POLL_INTERVAL_MS} ms until one does or timeout passes; only loopback hosts unless the run is given --allow-remote`,
      'http://127.0.0.1:8080/health',
    ).optional(),
    expect: doc(
      mapping('an expectation like { status: 503 }', {
        status: expectationFields.status,
        json: expectationFields.json,
      }),
      'what an answer to http must show (required with http): a status, a JSON value, or both',
      { status: 503, json: { pointer: '/breaker/state', equals: 'open' } },
    ).optional(),
    timeout: doc(
      timeoutSchema(),
      `how long verify may take: a command is killed then, http stops asking; default ${formatDuration(DEFAULT_COMMAND_TIMEOUT_MS)} for run, ${formatDuration(DEFAULT_HTTP_VERIFY_TIMEOUT_MS)} for http`,
      '5s',
    ).optional(),
  })
    .superRefine((v, ctx) => {
      if ((v.run === undefined) === (v.http === undefined))
        ctx.addIssue({
          code: 'custom',
          message: 'give either run (a command) or http (a URL to GET)',
          input: v,
        });
      else if (v.http !== undefined && v.expect === undefined)
        ctx.addIssue({
          code: 'custom',
          message: `an http verify needs expect: ${expectationError}`,
          input: v,
        });
      else if (v.run !== undefined && v.expect !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['expect'],
          message: 'expect is for an http verify; a command proves the effect by exiting 0',
          input: v.expect,
        });
      // An expectation left empty by its own bad keys has been reported already.
      else if (
        v.expect &&
        v.expect.status === undefined &&
        v.expect.json === undefined &&
        ctx.issues.length === 0
      )
        ctx.addIssue({
          code: 'custom',
          path: ['expect'],
          message: `${expectationError}, got {}`,
          input: v.expect,
        });
    })
    // The same rule for editors: a command, or a URL with its expectation.
    .meta({ oneOf: [{ required: ['run'] }, { required: ['http', 'expect'] }] })
    .transform((v): VerifyStep => {
      const timeoutMs = v.timeout === undefined ? undefined : timeoutMsOf(v.timeout)!;
      if (v.run !== undefined) return { argv: v.run, timeoutMs: timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS };
      return {
        url: v.http!,
        expect: expectationOf(v.expect ?? {}),
        timeoutMs: timeoutMs ?? DEFAULT_HTTP_VERIFY_TIMEOUT_MS,
      };
    }),
  'run right after apply: a command (run) that must exit 0, or an HTTP GET (http) whose answer must meet expect, asked again until it does or timeout passes; without verify the fault is reported unproven',
  { http: 'http://127.0.0.1:8080/health', expect: { status: 503 }, timeout: '5s' },
);

/** How a verify is named in its proof: `` `test -e m` `` or `GET http://…`. */
function verifyName(v: VerifyStep): string {
  return 'url' in v ? `GET ${v.url}` : `\`${formatArgv(v.argv)}\``;
}

/** What an HTTP verify must show, after its name: `answers status 503`. */
function httpExpects(v: HttpVerify): string {
  return `answers ${describeExpectation(v.expect)}`;
}

/** A verify in the plan and the fault's parameters: `test -e m`, `GET http://… answers status 503`. */
export function describeVerify(v: VerifyStep): string {
  return 'url' in v ? `${verifyName(v)} ${httpExpects(v)}` : formatArgv(v.argv);
}

/** Runs a command verify once, as `command` (which carries the fault's environment). */
export async function verifyCommand(s: CommandStep, command: LedgerCommand): Promise<FaultProof> {
  const by = verifyName(s);
  const why = await runStep(command);
  return why
    ? { status: 'disproven', by, evidence: `verify ${why}` }
    : { status: 'proven', by, evidence: `verify ${by} exited 0` };
}

/** GETs an HTTP verify's URL until an answer meets its expectation or its timeout passes. */
export async function verifyHttp(v: HttpVerify): Promise<FaultProof> {
  const by = verifyName(v);
  const expects = httpExpects(v);
  const r = await pollHttp({ url: v.url, expect: v.expect, timeoutMs: v.timeoutMs });
  const tries = `${r.tries} ${r.tries === 1 ? 'try' : 'tries'}`;
  return r.met
    ? {
        status: 'proven',
        by,
        expects,
        evidence: `verify ${by} answered ${describeAnswer(v.expect, r.last)} after ${tries} in ${r.ms} ms`,
      }
    : {
        status: 'disproven',
        by,
        expects,
        evidence: `verify ${by}: no answer met ${describeExpectation(v.expect)} in ${r.ms} ms (${tries}); the last: ${r.miss}`,
      };
}

/** An answer as the expectation reads it: `status 503, /state = "open"`. */
function describeAnswer(e: ProbeExpectation, a: ProbeAnswer): string {
  const value = e.json ? jsonPointer(a.body, e.json.pointer) : undefined;
  return [
    `status ${a.status ?? 'none'}`,
    ...(e.json && value?.found ? [`${e.json.pointer} = ${JSON.stringify(value.value)}`] : []),
  ].join(', ');
}
