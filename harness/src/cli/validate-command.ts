import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { ExitCode, formatIssue, InvalidInputError, type SourceIssue } from '../errors/index.js';
import { errorAnnotations, inGithubActions } from './github-actions.js';
import { loadValidScenario } from './load-valid-scenario.js';
import { sourceExcerpt } from './source-excerpt.js';
import { terminalSafe } from './terminal-safe.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description('check scenarios without running them; exit 0 when all are valid, 2 otherwise')
    .argument('<files...>', 'scenario YAML files')
    .action(async (files: string[]) => {
      process.exitCode = await validate(files);
    });
}

/** Validates each file and prints every issue: `file:line:col path: message`, then the line with a caret. */
async function validate(files: string[]): Promise<number> {
  let exit: number = ExitCode.passed;
  for (const file of files) {
    try {
      const { mesh } = await loadValidScenario(file);
      for (const w of mesh.compose?.warnings ?? [])
        process.stderr.write(`warning: ${terminalSafe(formatIssue(w))}\n`);
      process.stdout.write(`${file}: valid\n`);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      const sources = new Map<string, string | undefined>();
      for (const issue of err.issues) process.stderr.write(`${await describe(issue, sources)}\n`);
      if (inGithubActions()) process.stdout.write(errorAnnotations(err.issues));
      exit = ExitCode.invalidInput;
    }
  }
  return exit;
}

async function describe(issue: SourceIssue, sources: Map<string, string | undefined>): Promise<string> {
  if (!sources.has(issue.file))
    sources.set(issue.file, await readFile(issue.file, 'utf8').catch(() => undefined));
  const text = sources.get(issue.file);
  const excerpt = text === undefined ? '' : sourceExcerpt(text, issue.line, issue.col);
  return excerpt ? `${terminalSafe(formatIssue(issue))}\n${excerpt}` : terminalSafe(formatIssue(issue));
}
