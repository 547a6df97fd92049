import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  SUMMARY_MAX_BYTES,
  hasRunIndex,
  renderSummaryMarkdown,
  writeReports,
  writeRunIndex,
  type WrittenReports,
} from '../report/index.js';
import { writeResults, type RunResults } from '../results/index.js';
import { appendStepSummary } from './github-actions.js';

/**
 * Writes every output of one run into `outDir`: results.json first (the source of the rest), then
 * report.html, junit.xml and summary.md; and appends the summary to `$GITHUB_STEP_SUMMARY` when
 * set, each of a gate's `runsInGate` runs taking an equal share of GitHub's 1 MiB.
 */
export async function writeRunOutputs(
  outDir: string,
  results: RunResults,
  runsInGate: number,
): Promise<WrittenReports & { results: string }> {
  await mkdir(outDir, { recursive: true });
  const resultsPath = join(outDir, 'results.json');
  await writeResults(resultsPath, results);
  const written = await writeReports(outDir, results);
  await appendStepSummary(
    renderSummaryMarkdown(results, Math.floor(SUMMARY_MAX_BYTES / Math.max(1, runsInGate))),
  );
  return { ...written, results: resultsPath };
}

/**
 * Rewrites the index.html of each reports folder the runs were written under: the parent (and
 * grandparent) of each run folder, when it is the gate's `--out`, the default reports folder, a
 * folder named `reports`, or already holds an index faultline wrote. Any other parent (say, /tmp
 * for `--out /tmp/x`) is left alone. Returns the indexes written.
 */
export async function refreshRunIndexes(
  runDirs: readonly string[],
  gateRoot: string | undefined,
  defaultReports: string,
): Promise<string[]> {
  const candidates = new Set<string>();
  for (const dir of runDirs) candidates.add(dirname(dir)).add(dirname(dirname(dir)));
  const written: string[] = [];
  for (const folder of candidates) {
    const eligible =
      folder === gateRoot ||
      folder === defaultReports ||
      basename(folder) === 'reports' ||
      (await hasRunIndex(folder));
    if (eligible) written.push(await writeRunIndex(folder));
  }
  return written;
}
