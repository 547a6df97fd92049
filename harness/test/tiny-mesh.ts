import { join } from 'node:path';
import { tempDir } from './cli-helper.js';

/**
 * A two-service system for quick end-to-end runs: `front` answers GET /api by calling `back`
 * through the edge front->back. With `backStartsOnce`, back refuses to start a second time (it
 * exits at once when its marker file exists), so a crash fault on it can never be undone. With
 * BACK_DELAY_MS in the environment, back answers that many ms late.
 */
const SERVICE = `
import http from 'node:http';
import { existsSync, writeFileSync } from 'node:fs';
if (process.env.START_ONCE) {
  if (existsSync(process.env.START_ONCE)) { console.error('refusing to start again'); process.exit(1); }
  writeFileSync(process.env.START_ONCE, '');
}
const server = http.createServer(async (req, res) => {
  if (req.url === '/healthz' || req.url === '/readyz') return res.end('ok');
  if (req.url === '/metrics') return res.end('');
  if (process.env.BACK_URL) {
    const up = await fetch(process.env.BACK_URL + '/x', { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
    res.statusCode = up?.ok ? 200 : 503;
    return res.end();
  }
  // BACK_DELAY_MS: a slow back, the broken variant of calibration tests.
  if (process.env.BACK_DELAY_MS) await new Promise((r) => setTimeout(r, Number(process.env.BACK_DELAY_MS)));
  res.end('back');
});
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

const mesh = (backStartsOnce: boolean): string => `
name: tiny
entry: front
services:
  front:
    command: [node, service.mjs]
    upstreams: { back: BACK_URL }
  back:
    command: [node, service.mjs]
    env: { ${backStartsOnce ? 'START_ONCE: back-started' : ''} }
`;

/** A temp folder with the tiny mesh (mesh.yaml) and the given scenario files; returns its path. */
export function tinyMeshDir(files: Record<string, string>, opts: { backStartsOnce?: boolean } = {}): string {
  return tempDir({ 'service.mjs': SERVICE, 'mesh.yaml': mesh(opts.backStartsOnce === true), ...files });
}

/** A scenario on the tiny mesh: `extra` is appended (faults, checks). */
export function tinyScenario(
  opts: { name?: string; duration?: string; rate?: string; extra?: string } = {},
): string {
  return `name: ${opts.name ?? 'tiny'}
mesh: mesh.yaml
load:
  warmup: 0s
  duration: ${opts.duration ?? '2s'}
  routes:
    - { name: api, request: GET /api, rate: ${opts.rate ?? '20/s'}, timeout: 1s }
${opts.extra ?? ''}`;
}

export const pathIn = (dir: string, file: string): string => join(dir, file);
