import { readFile, writeFile } from 'node:fs/promises';
import { SCHEMA_VERSION, type RunResults } from './model.js';

export async function writeResults(file: string, results: RunResults): Promise<void> {
  await writeFile(file, JSON.stringify(results, null, 1) + '\n');
}

/** Reads a results.json, refusing a schema this version does not understand. */
export async function readResults(file: string): Promise<RunResults> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as RunResults;
  if (parsed.schemaVersion !== SCHEMA_VERSION) {
    throw new Error(
      `${file}: schemaVersion ${String(parsed.schemaVersion)} is not supported (expected ${SCHEMA_VERSION})`,
    );
  }
  return parsed;
}
