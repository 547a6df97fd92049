import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, LineCounter } from 'yaml';
import { z } from 'zod';
import { InvalidInputError, type SourceIssue } from '../errors/index.js';
import { isComposeFile, loadComposeMesh } from './load-compose.js';
import type { Mesh } from './types.js';

const serviceSchema = z
  .object({
    command: z.array(z.string()).min(1),
    port: z.number().int().min(0).max(65535).default(0),
    health: z.string().startsWith('/').default('/healthz'),
    ready: z.string().startsWith('/').default('/readyz'),
    metrics: z.string().startsWith('/').default('/metrics'),
    env: z.record(z.string(), z.string()).default({}),
    upstreams: z
      .record(z.string(), z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name'))
      .default({}),
    docker: z
      .object({
        image: z.string().min(1),
        command: z.array(z.string()).optional(),
        port: z.number().int().min(1).max(65535).default(8080),
      })
      .strict()
      .optional(),
    external: z
      .object({ url: z.url({ protocol: /^https?$/ }), container: z.string().min(1).optional() })
      .strict()
      .optional(),
  })
  .strict();

const meshSchema = z
  .object({
    name: z.string().min(1),
    entry: z.string().min(1),
    services: z.record(
      z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a service name like "payments"'),
      serviceSchema,
    ),
    external: z
      .object({ toxiproxy: z.url({ protocol: /^https?$/ }) })
      .strict()
      .optional(),
  })
  .strict();

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
  if (issues.length > 0) throw new InvalidInputError(issues);
  return {
    name: m.name,
    dir: dirname(resolve(file)),
    entry: m.entry,
    external: m.external,
    services: Object.entries(m.services).map(([name, s]) => ({ name, ...s })),
  };
}
