import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { InvalidInputError, type SourceIssue } from '../errors/index.js';
import { findReferences } from './compose-edges.js';
import { interpolate, parseDotEnv } from './compose-interpolate.js';
import { ComposeSource, type Path } from './compose-source.js';
import { isRecord, readService } from './compose-service.js';
import { composeEdges, composeEntry, readExtension } from './compose-extension.js';
import type { ComposeService, ComposeSystem } from './compose-types.js';
import type { Mesh } from './types.js';

/** Names faultline uses on a compose project's networks; a service of that name would be ambiguous. */
export const TOXIPROXY_ALIAS = 'faultline-toxiproxy';
const RESERVED = /^(toxiproxy|faultline.*)$/;
const TOP_KEYS = new Set(['version', 'services', 'networks', 'volumes']);

/** Whether a mesh path names a compose file rather than a faultline mesh file. */
export function isComposeFile(file: string): boolean {
  return /(^|[-_.])compose(\.[\w-]+)?\.ya?ml$/.test(basename(file));
}

/**
 * Reads a compose file as a mesh: the services it runs, the edges their environment shows (and
 * `x-faultline` adds), the entry service. `${VAR}` comes from `env`, then the file's `.env`.
 * Everything faultline will not run is a warning with its line; anything it cannot run is an
 * InvalidInputError (exit 2) at line:col.
 */
export async function loadComposeMesh(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Mesh> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InvalidInputError([
      { file, line: 1, col: 1, path: '', message: `cannot read compose file: ${(err as Error).message}` },
    ]);
  }
  const dir = dirname(resolve(file));
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true });
  const src = new ComposeSource(file, doc, lines);
  if (doc.errors.length > 0)
    throw new InvalidInputError(doc.errors.map((e) => src.issue(e.pos[0], [], e.message)));
  const dotEnv = existsSync(join(dir, '.env')) ? parseDotEnv(readFileSync(join(dir, '.env'), 'utf8')) : {};
  const issues: SourceIssue[] = [];
  const warnings: SourceIssue[] = [];
  const root = interpolateAll(doc.toJS({ maxAliasCount: 1000 }), [], { ...dotEnv, ...env }, src, issues);
  if (!isRecord(root) || !isRecord(root.services) || Object.keys(root.services).length === 0) {
    throw new InvalidInputError([src.at(['services'], 'expected a compose file with a services: mapping')]);
  }
  for (const key of Object.keys(root)) {
    if (key === 'name')
      warnings.push(src.atKey([], key, '"name" is ignored: faultline names the project after the run'));
    else if (!TOP_KEYS.has(key) && !key.startsWith('x-'))
      warnings.push(
        src.atKey(
          [],
          key,
          `"${key}" is ignored: faultline does not run this part of the Compose Specification`,
        ),
      );
  }
  const profiles = (env.COMPOSE_PROFILES ?? '').split(',').filter(Boolean);
  const services: ComposeService[] = [];
  for (const [name, raw] of Object.entries(root.services)) {
    if (RESERVED.test(name)) {
      issues.push(
        src.atKey(
          ['services'],
          name,
          `service "${name}" collides with faultline's own Toxiproxy (${TOXIPROXY_ALIAS})`,
        ),
      );
      continue;
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      issues.push(
        src.atKey(['services'], name, `expected a service name of letters, digits, ".", "_" and "-"`),
      );
      continue;
    }
    const active =
      !isRecord(raw) ||
      !Array.isArray(raw.profiles) ||
      raw.profiles.some((p) => profiles.includes(String(p)));
    const s = readService(name, raw, { src, dir, issues, warnings });
    if (s && active) services.push(s);
  }
  const names = services.map((s) => s.name);
  for (const s of services) {
    for (const dep of Object.keys(s.dependsOn)) {
      // A reserved name is reported once, above.
      if (!names.includes(dep) && !RESERVED.test(dep))
        issues.push(
          src.atKey(
            ['services', s.name, 'depends_on'],
            dep,
            `unknown or inactive service "${dep}"; services: ${names.join(', ')}`,
          ),
        );
    }
  }
  const ext = readExtension(root['x-faultline'], src, issues, names);
  if (issues.length > 0) throw new InvalidInputError(issues);
  const entry = composeEntry(services, root.services as Record<string, unknown>, ext, src, issues);
  const edges = composeEdges(services, ext, src, issues);
  if (issues.length > 0 || !entry) throw new InvalidInputError(issues);

  const networks = new Set<string>(isRecord(root.networks) ? Object.keys(root.networks) : []);
  for (const s of services) {
    if (s.networks.length === 0) s.networks.push('default');
    s.networks.forEach((n) => networks.add(n));
  }
  const volumes = new Set<string>(isRecord(root.volumes) ? Object.keys(root.volumes) : []);
  for (const s of services) for (const v of s.volumes) if (v.type === 'volume') volumes.add(v.source);
  for (const kind of ['networks', 'volumes'] as const) {
    if (!isRecord(root[kind])) continue;
    for (const [n, settings] of Object.entries(root[kind]))
      if (isRecord(settings) && Object.keys(settings).length > 0)
        warnings.push(
          src.atKey(
            [kind],
            n,
            `the settings of ${kind}.${n} are ignored: faultline creates it afresh for each run`,
          ),
        );
  }
  const compose: ComposeSystem = {
    file: resolve(file),
    services,
    networks: [...networks],
    volumes: [...volumes],
    edges,
    warnings,
    ready: ext.ready,
    entryPort: entry.port,
  };
  return {
    name: basename(dir),
    dir,
    entry: entry.name,
    compose,
    services: services.map((s) => ({
      name: s.name,
      command: [],
      port: 0,
      health: s.name === entry.name ? (ext.ready ?? '/') : '/',
      ready: s.name === entry.name ? (ext.ready ?? '/') : '/',
      metrics: '/metrics',
      env: {},
      // The variable that shows the edge (plan prints it); the platform rewrites every reference.
      upstreams: Object.fromEntries(
        edges
          .filter((e) => e.caller === s.name)
          .map((e) => [e.upstream, firstVariable(s, e.upstream, names)]),
      ),
    })),
  };
}

function firstVariable(s: ComposeService, upstream: string, names: string[]): string {
  const hit = Object.entries(s.environment).find(([, v]) =>
    findReferences(v, names).some((r) => r.upstream === upstream),
  );
  return hit?.[0] ?? '?';
}

/** Compose interpolates every string of the file, keys excepted. */
function interpolateAll(
  value: unknown,
  path: Path,
  vars: Record<string, string | undefined>,
  src: ComposeSource,
  issues: SourceIssue[],
): unknown {
  if (typeof value === 'string') {
    const r = interpolate(value, vars);
    if ('error' in r) {
      issues.push(src.at(path, r.error));
      return value;
    }
    return r.value;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateAll(v, [...path, i], vars, src, issues));
  if (isRecord(value))
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateAll(v, [...path, k], vars, src, issues)]),
    );
  return value;
}
