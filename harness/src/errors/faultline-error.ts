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
 * the reason, an optional hint saying what to do, and the exit code it ends the run with.
 */
export class FaultlineError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'FaultlineError';
  }
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
