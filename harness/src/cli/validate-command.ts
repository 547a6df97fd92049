import { Command } from 'commander';
import { ExitCode, InvalidInputError } from '../errors/index.js';
import { errorAnnotations, inGithubActions } from './github-actions.js';
import { loadValidScenario } from './load-valid-scenario.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description('check scenarios without running them; exit 0 when all are valid, 2 otherwise')
    .argument('<files...>', 'scenario YAML files')
    .action(async (files: string[]) => {
      process.exitCode = await validate(files);
    });
}

/** Validates each file and prints every issue. */
async function validate(files: string[]): Promise<number> {
  let exit: number = ExitCode.passed;
  for (const file of files) {
    try {
      await loadValidScenario(file);
      process.stdout.write(`${file}: valid\n`);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      process.stderr.write(`${err.message}\n`);
      if (inGithubActions()) process.stdout.write(errorAnnotations(err.issues));
      exit = ExitCode.invalidInput;
    }
  }
  return exit;
}
