import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLineLogger, startToxiproxyServer } from './index.js';
import { connect, pingOnce, startTestServer, type TestServer } from './test-support.js';

let dir: string;
let echo: TestServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-toxiproxy-'));
  echo = await startTestServer();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await echo.close();
});

describe('config file', () => {
  it('populates proxies at start', async () => {
    const file = join(dir, 'toxiproxy.json');
    await writeFile(file, JSON.stringify([{ name: 'svc', listen: '127.0.0.1:0', upstream: echo.address }]));
    const tp = await startToxiproxyServer({ port: 0, config: file });
    try {
      const proxies = (await (await fetch(tp.url + '/proxies')).json()) as Record<string, { listen: string }>;
      const listen = proxies.svc?.listen ?? '';
      const c = await connect(Number(listen.split(':')[1]));
      expect(await pingOnce(c, 'hi')).toBeLessThan(500);
      c.socket.destroy();
    } finally {
      await tp.close();
    }
  });

  it('logs, rather than throws, a missing or invalid file', async () => {
    const lines: string[] = [];
    const logger = jsonLineLogger((l) => lines.push(l), 'info');
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '[{"upstream":"x:1"}]');
    for (const config of [join(dir, 'missing.json'), bad]) {
      const tp = await startToxiproxyServer({ port: 0, config, logger });
      await tp.close();
    }
    const errors = lines
      .map((l) => JSON.parse(l) as { level: string; message: string; error?: string })
      .filter((l) => l.level === 'error');
    expect(errors.map((e) => e.message)).toEqual([
      'Error reading config file',
      'Failed to populate proxies from file',
    ]);
    expect(errors[1]?.error).toBe('missing required field: name at proxy 1');
  });
});
