import { appendFile } from 'node:fs/promises';
import type { SourceIssue } from '../errors/index.js';

/** Whether the process runs as a GitHub Actions step (the runner sets `GITHUB_ACTIONS=true`). */
export function inGithubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['GITHUB_ACTIONS'] === 'true';
}

/**
 * `::error file=…,line=…,col=…::message` workflow commands, one per issue, so GitHub marks the
 * scenario's lines in a pull request. Escaped as the runner expects: `%`, CR and LF everywhere,
 * and `:` and `,` too in properties.
 */
export function errorAnnotations(issues: readonly SourceIssue[]): string {
  return issues
    .map((i) => {
      const message = i.path ? `${i.path}: ${i.message}` : i.message;
      return `::error file=${property(i.file)},line=${i.line},col=${i.col},title=${property('invalid scenario')}::${data(message)}\n`;
    })
    .join('');
}

function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Appends Markdown to the job summary when `$GITHUB_STEP_SUMMARY` names a file; else does nothing. */
export async function appendStepSummary(
  markdown: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (file) await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}
