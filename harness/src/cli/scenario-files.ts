import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, FaultlineError } from '../errors/index.js';

/** What the arguments of `faultline run` name: files in the order given, folders expanded. */
export interface ScenarioFiles {
  files: string[];
  /** A folder or several files: each run gets its own subfolder and one combined junit.xml. */
  suite: boolean;
}

/**
 * Expands each argument: a file as it is, a folder to every `*.yaml`/`*.yml` directly in it,
 * sorted by name. A missing path or a folder without scenarios is invalid input (exit 2).
 */
export async function scenarioFiles(args: readonly string[]): Promise<ScenarioFiles> {
  const files: string[] = [];
  let folder = false;
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (!info) throw new FaultlineError(`${arg}: no such file or folder`, ExitCode.invalidInput);
    if (!info.isDirectory()) {
      files.push(arg);
      continue;
    }
    folder = true;
    const names = (await readdir(arg, { withFileTypes: true }))
      .filter((d) => d.isFile() && /\.ya?ml$/i.test(d.name))
      .map((d) => d.name)
      .sort();
    if (names.length === 0) {
      throw new FaultlineError(`${arg}: the folder holds no *.yaml or *.yml scenario`, ExitCode.invalidInput);
    }
    files.push(...names.map((n) => join(arg, n)));
  }
  return { files, suite: folder || files.length > 1 };
}
