import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, LineCounter } from 'yaml';
import { InvalidInputError, type SourceIssue } from '../errors/index.js';
import { meshSchema } from './mesh-schema.js';
import { isComposeFile, loadComposeMesh } from './load-compose.js';
import type { Mesh } from './types.js';

/** faultline's own package folder (package.json, sample-mesh/, dist/), found from this module's place. */
export function packageRoot(): string {
  // Walk up from harness/src/mesh (or its copy under dist/) to the folder with package.json.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The bundled sample mesh's file. */
export function sampleMeshFile(): string {
  return join(packageRoot(), 'sample-mesh', 'mesh.yaml');
}

/** Resolves a scenario's `mesh:` value (`sample` or a path relative to the scenario) to a file. */
export function meshFileFor(ref: string, scenarioFile: string): string {
  if (ref === 'sample') return sampleMeshFile();
  return isAbsolute(ref) ? ref : resolve(dirname(scenarioFile), ref);
}

/** Reads and validates a mesh file; every problem is reported with its position. */
export async function loadMesh(file: string): Promise<Mesh> {
  if (isComposeFile(file)) return loadComposeMesh(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InvalidInputError([
      { file, line: 1, col: 1, path: '', message: `cannot read mesh file: ${(err as Error).message}` },
    ]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const at = (offset: number | undefined, path: string, message: string): SourceIssue => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { file, line: pos.line, col: pos.col, path, message };
  };
  if (doc.errors.length > 0) throw new InvalidInputError(doc.errors.map((e) => at(e.pos[0], '', e.message)));
  const parsed = meshSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new InvalidInputError(
      parsed.error.issues.map((i) => {
        const node = doc.getIn(i.path as (string | number)[], true) as { range?: [number] } | undefined;
        return at(node?.range?.[0], i.path.map(String).join('.'), i.message);
      }),
    );
  }
  const m = parsed.data;
  const names = Object.keys(m.services);
  const issues: SourceIssue[] = [];
  if (!names.includes(m.entry))
    issues.push(at(undefined, 'entry', `unknown service "${m.entry}"; services: ${names.join(', ')}`));
  for (const [name, s] of Object.entries(m.services)) {
    for (const up of Object.keys(s.upstreams)) {
      if (!names.includes(up))
        issues.push(at(undefined, `services.${name}.upstreams.${up}`, `unknown service "${up}"`));
    }
  }
  const dir = dirname(resolve(file));
  for (const [name, s] of Object.entries(m.services)) {
    if (s.cwd !== undefined && !isFolder(resolve(dir, s.cwd))) {
      const node = doc.getIn(['services', name, 'cwd'], true) as { range?: [number] } | undefined;
      issues.push(
        at(
          node?.range?.[0],
          `services.${name}.cwd`,
          `no such folder "${s.cwd}" (relative to the mesh file's folder)`,
        ),
      );
    }
  }
  if (issues.length > 0) throw new InvalidInputError(issues);
  return {
    name: m.name,
    dir,
    entry: m.entry,
    external: m.external,
    services: Object.entries(m.services).map(([name, { cwd, ...s }]) => ({
      name,
      ...s,
      ...(cwd === undefined ? {} : { cwd: resolve(dir, cwd) }),
    })),
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
