import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeWithCauses, FaultlineError, InternalError, stacksWithCauses } from '../errors/index.js';
import { terminalSafe } from './terminal-safe.js';

/** Where the stack of an internal error goes, in the run folder. */
export const ERROR_LOG = 'error.log';

/**
 * Says why a run could not be carried out: the message and its cause chain on the terminal; for
 * an internal error (a bug) also every stack of the chain in `<outDir>/error.log`. Returns the
 * error as a FaultlineError (an unexpected one wrapped as an InternalError, its cause kept).
 */
export async function reportRunFailure(
  label: string,
  outDir: string,
  err: unknown,
  log: (line: string) => void,
): Promise<FaultlineError> {
  const error = err instanceof FaultlineError ? err : new InternalError(err);
  log(`${label}: ${terminalSafe(describeWithCauses(error))}`);
  if (!(error instanceof InternalError)) return error;
  const file = join(outDir, ERROR_LOG);
  try {
    await writeFile(file, stacksWithCauses(error));
    log(`the stack is in ${file}; please report it`);
  } catch {
    // No run folder to write to: the stack goes to the terminal instead.
    log(terminalSafe(stacksWithCauses(error)));
  }
  return error;
}
