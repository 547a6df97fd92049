import { InvalidInputError } from '../errors/index.js';
import { ExitCode } from '../errors/index.js';
import { loadValidScenario } from './load-valid-scenario.js';

/** Validates each file and prints every issue; exit 0 when all are valid, 2 otherwise. */
export async function validateCommand(files: string[]): Promise<number> {
  let exit: number = ExitCode.passed;
  for (const file of files) {
    try {
      await loadValidScenario(file);
      process.stdout.write(`${file}: valid\n`);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      process.stderr.write(`${err.message}\n`);
      exit = ExitCode.invalidInput;
    }
  }
  return exit;
}
