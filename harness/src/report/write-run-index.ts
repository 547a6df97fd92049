import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readResults } from '../results/index.js';
import { INDEX_GENERATOR, renderRunIndex } from './index-reporter.js';
import { runIndexEntry, type RunIndexEntry } from './run-index-entry.js';

/** How deep below the reports folder runs are looked for: `<run>/` and `<gate>/<run>/`. */
const MAX_DEPTH = 2;
/** A bound on the folders looked at, so pointing at a huge tree stays quick. */
const MAX_FOLDERS = 5000;

/**
 * Writes `index.html` into `dir`, listing every run (a folder holding results.json) found in
 * `dir` or up to two levels below it. Folders whose results.json cannot be read are skipped.
 * Returns the index's path.
 */
export async function writeRunIndex(dir: string): Promise<string> {
  const entries: RunIndexEntry[] = [];
  for (const folder of await runFolders(dir)) {
    try {
      const results = await readResults(join(folder, 'results.json'));
      entries.push(runIndexEntry(results, relative(dir, folder) || '.'));
    } catch {
      // a run still being written, or a results.json of another schema: not listed
    }
  }
  const path = join(dir, 'index.html');
  await writeFile(path, renderRunIndex(entries));
  return path;
}

/** Whether `dir` already holds an index.html that faultline wrote (and so may rewrite). */
export async function hasRunIndex(dir: string): Promise<boolean> {
  try {
    const head = (await readFile(join(dir, 'index.html'), 'utf8')).slice(0, 2000);
    return head.includes(`<meta name="generator" content="${INDEX_GENERATOR}">`);
  } catch {
    return false;
  }
}

async function runFolders(root: string): Promise<string[]> {
  const found: string[] = [];
  let budget = MAX_FOLDERS;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (budget-- <= 0) return;
    let names;
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (names.some((n) => n.isFile() && n.name === 'results.json')) found.push(dir);
    if (depth >= MAX_DEPTH) return;
    for (const n of names.sort((a, b) => a.name.localeCompare(b.name))) {
      if (n.isDirectory() && !n.name.startsWith('.') && n.name !== 'node_modules' && n.name !== 'logs')
        await walk(join(dir, n.name), depth + 1);
    }
  };
  await walk(root, 0);
  return found;
}
