/**
 * Exit codes of the faultline CLI; documented in the README. A CI gate reads these.
 */
export const ExitCode = {
  passed: 0,
  checkFailed: 1,
  invalidInput: 2,
  runFailed: 3,
  inconclusive: 4,
  rollbackFailed: 5,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one error type the CLI reports without a stack trace: a message that names the thing and
 * the reason, an optional hint saying what to do, and the exit code it ends the run with. An
 * error it wraps goes in `options.cause` (the standard ErrorOptions), not into the message.
 */
export class FaultlineError extends Error {
  /** The id of the run this error ended (its ledger's), set by the runner. */
  runId?: string;

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'FaultlineError';
  }
}

/**
 * An exception the harness did not expect (a bug, not a FaultlineError), passed on as its cause:
 * exit 3, reported as an internal error with the cause chain, its stack kept for the run folder.
 */
export class InternalError extends FaultlineError {
  constructor(cause: unknown) {
    super(
      `internal error: ${oneLine(cause)}`,
      ExitCode.runFailed,
      'please report it, with the stack in error.log',
      {
        cause,
      },
    );
    this.name = 'InternalError';
  }
}

/**
 * The message, then each cause on its own line (`caused by: …`), as far as the chain goes. An
 * error that is not a FaultlineError is named by its class (`TypeError: …`).
 */
export function describeWithCauses(err: unknown): string {
  return chain(err)
    .map((e, i) => (i === 0 ? oneLine(e) : `caused by: ${oneLine(e)}`))
    .join('\n');
}

/** Every stack of the cause chain, for a log file (what a person reporting a bug sends). */
export function stacksWithCauses(err: unknown): string {
  return (
    chain(err, false)
      .map(
        (e, i) => (i === 0 ? '' : 'caused by: ') + (e instanceof Error ? (e.stack ?? e.message) : String(e)),
      )
      .join('\n') + '\n'
  );
}

function oneLine(e: unknown): string {
  return e instanceof FaultlineError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * The error and its causes; with `skipNamed`, the cause an internal error's message already
 * names is left out.
 */
function chain(err: unknown, skipNamed = true): unknown[] {
  const out: unknown[] = [];
  const causeOf = (e: unknown): unknown => (e instanceof Error ? e.cause : undefined);
  for (let e: unknown = err; e !== undefined && !out.includes(e);) {
    out.push(e);
    e = skipNamed && e instanceof InternalError ? causeOf(e.cause) : causeOf(e);
  }
  return out;
}

/** A position in a source file, 1-based, for messages like `file:line:col path: message`. */
export interface SourceIssue {
  file: string;
  line: number;
  col: number;
  /** Dotted path into the document, e.g. `faults[0].latency`; empty for the document itself. */
  path: string;
  message: string;
}

export function formatIssue(i: SourceIssue): string {
  return `${i.file}:${i.line}:${i.col}${i.path ? ' ' + i.path : ''}: ${i.message}`;
}

/** Invalid user input (a scenario, a mesh file, a flag): exit 2, every issue listed. */
export class InvalidInputError extends FaultlineError {
  constructor(
    readonly issues: SourceIssue[],
    hint?: string,
  ) {
    super(issues.map(formatIssue).join('\n'), ExitCode.invalidInput, hint);
    this.name = 'InvalidInputError';
  }
}
