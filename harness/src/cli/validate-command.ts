import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { ExitCode, formatIssue, InvalidInputError, type SourceIssue } from '../errors/index.js';
import { loadMesh } from '../mesh/index.js';
import { errorAnnotations, inGithubActions } from './github-actions.js';
import { loadValidScenario } from './load-valid-scenario.js';
import { scenarioFiles } from './scenario-files.js';
import { sourceExcerpt } from './source-excerpt.js';
import { terminalSafe } from './terminal-safe.js';

export function validateCommand(): Command {
  return new Command('validate')
    .description(
      'check scenarios and mesh files without running anything; exit 0 when all are valid, 2 otherwise',
    )
    .argument(
      '<files...>',
      'scenario or mesh YAML files, or folders (every *.yaml/*.yml in them), as for run',
    )
    .action(async (args: string[]) => {
      const { files, meshFiles } = await scenarioFiles(args);
      // Mesh files first: a scenario's errors may come from its mesh file.
      process.exitCode = await validate([...meshFiles, ...files], new Set(meshFiles));
    });
}

/** Validates each file and prints every issue: `file:line:col path: message`, then the line with a caret. */
async function validate(files: string[], isMesh: ReadonlySet<string>): Promise<number> {
  let exit: number = ExitCode.passed;
  for (const file of files) {
    try {
      if (isMesh.has(file)) {
        await loadMesh(file);
        process.stdout.write(`${file}: valid mesh file\n`);
        continue;
      }
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
