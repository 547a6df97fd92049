import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResults } from '../results/index.js';
import { renderHtml } from './html-reporter.js';
import { renderJunit } from './junit-reporter.js';
import { renderSummaryMarkdown } from './markdown-reporter.js';

/** Paths of the files `writeReports` wrote. */
export interface WrittenReports {
  html: string;
  junit: string;
  summary: string;
}

/**
 * Writes report.html, junit.xml and summary.md into `dir` (created if missing). results.json is
 * the runner's to write.
 */
export async function writeReports(dir: string, results: RunResults): Promise<WrittenReports> {
  await mkdir(dir, { recursive: true });
  const paths: WrittenReports = {
    html: join(dir, 'report.html'),
    junit: join(dir, 'junit.xml'),
    summary: join(dir, 'summary.md'),
  };
  await Promise.all([
    writeFile(paths.html, renderHtml(results)),
    writeFile(paths.junit, renderJunit([results])),
    writeFile(paths.summary, renderSummaryMarkdown(results)),
  ]);
  return paths;
}
