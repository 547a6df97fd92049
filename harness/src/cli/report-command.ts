import { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { writeReports } from '../report/index.js';
import { readResults, type RunResults } from '../results/index.js';
import { refreshRunIndexes } from './run-outputs.js';

export function reportCommand(): Command {
  return new Command('report')
    .description('rebuild report.html, junit.xml and summary.md from a results.json alone')
    .argument('<results>', 'a results.json written by faultline run')
    .option('--out <dir>', 'where to write the outputs (default: the folder of results.json)')
    .action(async (file: string, flags: { out?: string }) => {
      process.exitCode = await report(file, flags.out);
    });
}

/** Exit 0 once every output is written; 2 when the file is missing or not a results.json. */
async function report(file: string, out: string | undefined): Promise<number> {
  let results: RunResults;
  try {
    results = await readResults(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new FaultlineError(
      `cannot read ${file}: ${reason}`,
      ExitCode.invalidInput,
      'pass the results.json of a run folder',
    );
  }
  const outDir = resolve(out ?? dirname(file));
  const written = await writeReports(outDir, results);
  for (const path of [written.html, written.junit, written.summary]) process.stdout.write(`${path}\n`);
  for (const index of await refreshRunIndexes([outDir], undefined, resolve('reports')))
    process.stdout.write(`index: ${index}\n`);
  return ExitCode.passed;
}
