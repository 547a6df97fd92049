import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from './testing/test-http.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const mainJs = join(root, 'dist/sample-mesh/src/main.js');

let child: ChildProcess | undefined;
let url = '';
let built = existsSync(mainJs);

beforeAll(async () => {
  if (!built) {
    // Other folders may have type errors mid-work; tsc still emits, so only the file's presence counts.
    await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json'], {
      cwd: root,
      timeout: 120_000,
    }).catch(() => undefined);
    built = existsSync(mainJs);
  }
  if (!built) return;
  child = spawn(process.execPath, [mainJs, 'catalog'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error('catalog did not log "listening" within 15 s')), 15_000);
    lines.on('line', (line) => {
      let entry: { msg?: string; url?: string } = {};
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (entry.msg === 'listening' && entry.url) {
        clearTimeout(timer);
        resolveUrl(entry.url);
      }
    });
    child!.once('exit', (code) => reject(new Error(`catalog exited with ${code}`)));
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
});

describe('main.js as a process', () => {
  it('serves /healthz, /readyz and /metrics, and stops on SIGTERM', async (ctx) => {
    if (!built)
      ctx.skip(`${mainJs} is missing and the build did not produce it; run npx tsc -p tsconfig.build.json`);
    expect((await send(`${url}/healthz`)).status).toBe(200);
    expect((await send(`${url}/readyz`)).status).toBe(200);
    expect((await send(`${url}/products/sku-1`)).status).toBe(200);
    const metrics = await send(`${url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toMatch(
      /http_server_requests_total\{route="\/products\/:sku",status="200",service="catalog"\} 1/,
    );
    expect(String(metrics.body)).toContain('# TYPE http_server_request_duration_seconds histogram');

    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
