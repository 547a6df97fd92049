import { Command } from 'commander';
import { ExitCode } from '../errors/index.js';
import { cleanupStaleRuns, type CleanupReport } from '../runner/index.js';

export function cleanupCommand(): Command {
  return new Command('cleanup')
    .description('undo what unfinished runs left behind (processes, toxics, disabled proxies)')
    .action(async () => {
      process.exitCode = await cleanup();
    });
}

/** Exit 0 when nothing is left, 5 when something could not be undone. */
async function cleanup(): Promise<number> {
  const reports = await cleanupStaleRuns();
  printCleanup(reports, (l) => process.stdout.write(l + '\n'));
  if (reports.length === 0) process.stdout.write('nothing to clean up\n');
  return reports.some((r) => r.failures.length > 0) ? ExitCode.rollbackFailed : ExitCode.passed;
}

export function printCleanup(reports: CleanupReport[], print: (line: string) => void): void {
  for (const r of reports) {
    print(`cleaned up unfinished run ${r.runId}:`);
    for (const a of r.actions) print(`  ${a}`);
    if (r.actions.length === 0 && r.failures.length === 0) print('  nothing was left in place');
    for (const f of r.failures) print(`  NOT undone: ${f}`);
  }
}
