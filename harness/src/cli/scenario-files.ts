import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { isMeshFileText } from '../mesh/index.js';
import { SCENARIO_LIMITS } from '../scenario/index.js';

/** What the arguments of `faultline run` or `validate` name: files in the order given, folders expanded. */
export interface ScenarioFiles {
  files: string[];
  /** Mesh files among them (a mesh file beside its scenarios): validated as such, never run. */
  meshFiles: string[];
  /** A folder or several files: each run gets its own subfolder and one combined junit.xml. */
  suite: boolean;
}

/**
 * Expands each argument: a file as it is, a folder to every `*.yaml`/`*.yml` directly in it,
 * sorted by name; then sets mesh files apart from scenarios. A missing path or a folder without
 * YAML files is invalid input (exit 2).
 */
export async function scenarioFiles(args: readonly string[]): Promise<ScenarioFiles> {
  const named: string[] = [];
  let folder = false;
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (!info) throw new FaultlineError(`${arg}: no such file or folder`, ExitCode.invalidInput);
    if (!info.isDirectory()) {
      named.push(arg);
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
    named.push(...names.map((n) => join(arg, n)));
  }
  const files: string[] = [];
  const meshFiles: string[] = [];
  for (const file of named) ((await isMeshFile(file)) ? meshFiles : files).push(file);
  return { files, meshFiles, suite: folder || files.length > 1 };
}

/**
 * Only a regular file of scenario size is looked into: anything else (unreadable, a device such
 * as /dev/zero, too large) stays a scenario, so that loading it says what is wrong.
 */
async function isMeshFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile() || info.size > SCENARIO_LIMITS.maxBytes) return false;
  return isMeshFileText(await readFile(file, 'utf8').catch(() => ''));
}
