import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { SourceIssue } from '../errors/index.js';
import { parseDotEnv } from './compose-interpolate.js';
import type { ComposeSource, Path } from './compose-source.js';
import type { ComposeHealthcheck, ComposeMount, ComposeService, DependsCondition } from './compose-types.js';

/** Service keys faultline runs; any other key is a warning. */
const RUN_KEYS = new Set([
  'image',
  'build',
  'environment',
  'env_file',
  'ports',
  'expose',
  'depends_on',
  'healthcheck',
  'networks',
  'volumes',
  'command',
  'entrypoint',
  'profiles',
  'working_dir',
  'user',
  'labels',
]);
/** Keys faultline replaces with its own choice, said so in the warning. */
const REPLACED: Record<string, string> = {
  container_name: 'faultline names containers after the run',
  restart: 'faultline restarts a service only through a crash fault',
};
const CONDITIONS = ['service_started', 'service_healthy', 'service_completed_successfully'];

export interface ServiceContext {
  src: ComposeSource;
  dir: string;
  issues: SourceIssue[];
  warnings: SourceIssue[];
}

/** One service of `services:`, validated; problems go to `ctx.issues`, ignored keys to `ctx.warnings`. */
export function readService(name: string, raw: unknown, ctx: ServiceContext): ComposeService | undefined {
  const path: Path = ['services', name];
  const bad = (p: Path, m: string): undefined => void ctx.issues.push(ctx.src.at(p, m));
  if (!isRecord(raw)) return bad(path, 'expected a mapping of service settings');
  for (const key of Object.keys(raw)) {
    if (RUN_KEYS.has(key) || key.startsWith('x-')) continue;
    const why = REPLACED[key] ?? 'faultline does not run this part of the Compose Specification';
    ctx.warnings.push(ctx.src.atKey(path, key, `"${key}" is ignored: ${why}`));
  }
  const s: ComposeService = {
    name,
    environment: {},
    ports: [],
    dependsOn: {},
    networks: [],
    volumes: [],
    labels: {},
  };
  if (raw.image !== undefined) {
    if (typeof raw.image !== 'string' || raw.image === '') bad([...path, 'image'], 'expected an image name');
    else s.image = raw.image;
  }
  if (raw.build !== undefined) s.build = readBuild(raw.build, [...path, 'build'], ctx);
  if (s.image === undefined && raw.build === undefined) bad(path, 'a service needs an image or a build');
  for (const file of list(raw.env_file)) {
    const abs = resolve(ctx.dir, String(file));
    if (!existsSync(abs)) bad([...path, 'env_file'], `env_file "${String(file)}" does not exist (${abs})`);
    else Object.assign(s.environment, parseDotEnv(readFileSync(abs, 'utf8')));
  }
  Object.assign(s.environment, readEnvironment(raw.environment, [...path, 'environment'], ctx));
  for (const [i, p] of list(raw.ports).entries()) {
    const port = containerPort(p);
    if (port === undefined) bad([...path, 'ports', i], 'expected a port mapping like "127.0.0.1:8080:8080"');
    else s.ports.push(port);
  }
  for (const [i, p] of list(raw.expose).entries()) {
    const port = Number(String(p).split('/')[0]);
    if (!validPort(port)) bad([...path, 'expose', i], 'expected a port number');
    else if (!s.ports.includes(port)) s.ports.push(port);
  }
  if (Array.isArray(raw.depends_on)) {
    for (const d of raw.depends_on) s.dependsOn[String(d)] = 'service_started';
  } else if (isRecord(raw.depends_on)) {
    for (const [d, v] of Object.entries(raw.depends_on)) {
      const condition = isRecord(v) && v.condition !== undefined ? String(v.condition) : 'service_started';
      if (!CONDITIONS.includes(condition))
        bad([...path, 'depends_on', d, 'condition'], `expected one of ${CONDITIONS.join(', ')}`);
      s.dependsOn[d] = condition as DependsCondition;
    }
  } else if (raw.depends_on !== undefined) bad([...path, 'depends_on'], 'expected a list or a mapping');
  if (raw.healthcheck !== undefined)
    s.healthcheck = readHealthcheck(raw.healthcheck, [...path, 'healthcheck'], ctx);
  s.networks = isRecord(raw.networks) ? Object.keys(raw.networks) : list(raw.networks).map(String);
  for (const [i, v] of list(raw.volumes).entries()) {
    const mount = readMount(v, ctx.dir);
    if (!mount) bad([...path, 'volumes', i], 'expected "source:target[:ro]" or { type, source, target }');
    else s.volumes.push(mount);
  }
  if (raw.command !== undefined) s.command = argv(raw.command);
  if (raw.entrypoint !== undefined) s.entrypoint = argv(raw.entrypoint);
  if (raw.working_dir !== undefined) s.workingDir = String(raw.working_dir);
  if (raw.user !== undefined) s.user = String(raw.user);
  s.labels = readEnvironment(raw.labels, [...path, 'labels'], ctx);
  return s;
}

function readBuild(raw: unknown, path: Path, ctx: ServiceContext): ComposeService['build'] {
  const b = typeof raw === 'string' ? { context: raw } : raw;
  if (!isRecord(b) || typeof b.context !== 'string') {
    ctx.issues.push(ctx.src.at(path, 'expected a build context folder, or { context, dockerfile, args }'));
    return undefined;
  }
  const context = resolve(ctx.dir, b.context);
  const dockerfile = typeof b.dockerfile === 'string' ? b.dockerfile : 'Dockerfile';
  if (!existsSync(context)) {
    ctx.issues.push(
      ctx.src.at(
        [...path, ...(typeof raw === 'string' ? [] : ['context'])],
        `build context "${b.context}" does not exist (${context})`,
      ),
    );
  } else if (!existsSync(isAbsolute(dockerfile) ? dockerfile : join(context, dockerfile))) {
    ctx.issues.push(ctx.src.at(path, `no ${dockerfile} in the build context ${context}`));
  }
  const args = readEnvironment(b.args, [...path, 'args'], ctx);
  for (const key of Object.keys(b).filter((k) => !['context', 'dockerfile', 'args'].includes(k)))
    ctx.warnings.push(ctx.src.atKey(path, key, `build "${key}" is ignored`));
  return { context, dockerfile, args };
}

/** `environment` (or `labels`, `args`) as a mapping or a `KEY=value` list; `KEY` alone takes faultline's own value. */
function readEnvironment(raw: unknown, path: Path, ctx: ServiceContext): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined || raw === null) return out;
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const text = String(item);
      const eq = text.indexOf('=');
      if (eq > 0) out[text.slice(0, eq)] = text.slice(eq + 1);
      else if (process.env[text] !== undefined) out[text] = process.env[text]!;
    }
  } else if (isRecord(raw)) {
    for (const [k, v] of Object.entries(raw)) {
      if (v === null || v === undefined) {
        if (process.env[k] !== undefined) out[k] = process.env[k]!;
      } else if (typeof v === 'object') {
        ctx.issues.push(ctx.src.at([...path, k], 'expected a string, number or boolean'));
      } else out[k] = String(v);
    }
  } else ctx.issues.push(ctx.src.at(path, 'expected a mapping or a list of KEY=value'));
  return out;
}

function readHealthcheck(raw: unknown, path: Path, ctx: ServiceContext): ComposeHealthcheck | undefined {
  if (!isRecord(raw)) {
    ctx.issues.push(ctx.src.at(path, 'expected a mapping with test, interval, timeout, retries'));
    return undefined;
  }
  if (raw.disable === true) return undefined;
  const test = typeof raw.test === 'string' ? ['CMD-SHELL', raw.test] : list(raw.test).map(String);
  if (test[0] === 'NONE') return undefined;
  if (!['CMD', 'CMD-SHELL'].includes(test[0] ?? '')) {
    ctx.issues.push(
      ctx.src.at([...path, 'test'], 'expected ["CMD", …], ["CMD-SHELL", "…"] or a command string'),
    );
    return undefined;
  }
  const ms = (key: string, fallback: number): number => {
    if (raw[key] === undefined) return fallback;
    const v = durationMs(String(raw[key]));
    if (v === undefined) ctx.issues.push(ctx.src.at([...path, key], 'expected a duration like 1s or 500ms'));
    return v ?? fallback;
  };
  // Compose's defaults: 30 s interval and timeout, 3 retries.
  return {
    test,
    intervalMs: ms('interval', 30_000),
    timeoutMs: ms('timeout', 30_000),
    startPeriodMs: ms('start_period', 0),
    retries: raw.retries === undefined ? 3 : Number(raw.retries),
  };
}

/** Compose durations: `1m30s`, `500ms`, `10s`. */
export function durationMs(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|m|s|ms|us))+$/.test(text)) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001 };
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us)/g)) total += Number(m[1]) * unit[m[2]!]!;
  return total;
}

function readMount(raw: unknown, dir: string): ComposeMount | undefined {
  if (typeof raw === 'string') {
    const parts = raw.split(':');
    if (parts.length === 1) return { type: 'anonymous', target: parts[0]! };
    const [source, target, mode] = parts as [string, string, string | undefined];
    const readOnly = mode?.split(',').includes('ro') ?? false;
    if (/^[./~]/.test(source)) return { type: 'bind', source: resolve(dir, source), target, readOnly };
    return { type: 'volume', source, target, readOnly };
  }
  if (!isRecord(raw) || typeof raw.target !== 'string') return undefined;
  const readOnly = raw.read_only === true;
  if (raw.type === 'bind' && typeof raw.source === 'string')
    return { type: 'bind', source: resolve(dir, raw.source), target: raw.target, readOnly };
  if (typeof raw.source === 'string')
    return { type: 'volume', source: raw.source, target: raw.target, readOnly };
  return { type: 'anonymous', target: raw.target };
}

/** The container side of a `ports` entry: `8080`, `"18080:8080"`, `"127.0.0.1:18080:8080/tcp"`, `{ target }`. */
function containerPort(raw: unknown): number | undefined {
  const text = isRecord(raw) ? String(raw.target) : String(raw);
  const port = Number(text.split('/')[0]!.split(':').pop()!.split('-')[0]);
  return validPort(port) ? port : undefined;
}

const validPort = (p: number): boolean => Number.isInteger(p) && p > 0 && p < 65536;

/** A command as argv: a list as is, a string split as a shell would split words (quotes, no expansion). */
export function argv(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String);
  const words: string[] = [];
  for (const m of String(raw).matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g))
    words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return words;
}

const list = (raw: unknown): unknown[] =>
  raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
