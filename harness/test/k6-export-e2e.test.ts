import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startToxiproxyServer, type RunningToxiproxy } from '../src/toxiproxy/index.js';
import { runCli } from './cli-helper.js';
import { runK6Script, type StandInRequest } from './k6-stand-in.js';
import { tempDir } from './temp-dir.js';

/** A tiny HTTP server on 127.0.0.1 that answers every request 200 and records JSON bodies. */
async function startHttpServer(): Promise<{ url: string; port: number; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      if (text.startsWith('{')) bodies.push({ at: Date.now(), ...(JSON.parse(text) as object) });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, bodies, server };
}

interface ToxicJson {
  name: string;
  type: string;
  stream: string;
  toxicity: number;
  attributes: Record<string, number>;
}

/** Polls the proxy's toxics and its enabled flag every 10 ms, with the time of each change, until stopped. */
function watchProxy(api: string, proxy: string) {
  const changes: { at: number; toxics: ToxicJson[]; enabled: boolean }[] = [];
  let stopped = false;
  const done = (async () => {
    let last = '';
    for (;;) {
      // A poll that starts after stop() sees the final state; then the watch ends.
      const final = stopped;
      const p = (await (await fetch(`${api}/proxies/${proxy}`)).json()) as {
        enabled: boolean;
        toxics: ToxicJson[];
      };
      const key = JSON.stringify([p.toxics, p.enabled]);
      if (key !== last) changes.push({ at: Date.now(), toxics: p.toxics, enabled: p.enabled });
      last = key;
      if (final) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    changes,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

async function exportK6(yamlFile: string): Promise<string> {
  const file = join(tempDir(), 'script.k6.ts');
  const res = await runCli(['export', 'k6', yamlFile, '--out', file]);
  expect(res.code, res.stderr).toBe(0);
  return file;
}

describe('the exported k6 script, run with stand-ins for k6 against a real Toxiproxy server', () => {
  let toxiproxy: RunningToxiproxy;
  let upstream: Awaited<ReturnType<typeof startHttpServer>>;
  let proxyPort: number;

  beforeEach(async () => {
    toxiproxy = await startToxiproxyServer({ port: 0, seed: 1 });
    upstream = await startHttpServer();
    const res = await fetch(`${toxiproxy.url}/proxies`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'orders_to_payments',
        listen: '127.0.0.1:0',
        upstream: `127.0.0.1:${upstream.port}`,
      }),
    });
    proxyPort = Number(((await res.json()) as { listen: string }).listen.split(':')[1]);
  });

  afterEach(async () => {
    await toxiproxy.close();
    upstream.server.closeAllConnections();
    await new Promise((r) => upstream.server.close(r));
  });

  it('applies the latency toxic of scenarios/default.yaml at 4 s, removes it at 10 s, and tags requests with their phase', async () => {
    const script = await exportK6('scenarios/default.yaml');
    const watch = watchProxy(toxiproxy.url, 'orders_to_payments');
    // The load goes through the proxy, so the requests show the toxic too.
    const run = await runK6Script(script, {
      env: { BASE_URL: `http://127.0.0.1:${proxyPort}`, TOXIPROXY_URL: toxiproxy.url },
      paceMs: 200,
      stopAtMs: 13_000,
    });
    await watch.stop();
    expect(run.errors).toEqual([]);

    // ms since the end of warm-up (2 s), as the scenario's times are
    const since = (at: number) => at - run.t0 - 2000;
    const [before, applied, removed, ...rest] = watch.changes;
    expect(before?.toxics).toEqual([]);
    expect(applied?.toxics).toEqual([
      {
        name: 'faultline_k6_1_latency',
        type: 'latency',
        stream: 'downstream',
        toxicity: 1,
        attributes: { latency: 1000, jitter: 50 },
      },
    ]);
    expect(Math.abs(since(applied!.at) - 4000)).toBeLessThanOrEqual(100);
    expect(removed?.toxics).toEqual([]);
    expect(Math.abs(since(removed!.at) - 10_000)).toBeLessThanOrEqual(100);
    expect(rest).toEqual([]);

    const load = run.requests.filter((r) => r.tags['faultline'] === 'load');
    const expectedPhase = (ms: number) =>
      ms < 0 ? 'warmup' : ms < 4000 ? 'baseline' : ms < 10_000 ? 'fault' : 'recovery';
    // Away from the boundaries, where the tag and the record may fall a few ms apart
    const clear = load.filter((r) => [0, 4000, 10_000].every((b) => Math.abs(r.atMs - 2000 - b) > 50));
    const seen = clear.map((r) => [r.tags['phase'], r.tags['fault']]);
    expect(seen).toEqual(
      clear.map((r) => {
        const phase = expectedPhase(r.atMs - 2000);
        return [phase, phase === 'fault' ? 'slow payments' : undefined];
      }),
    );
    expect(new Set(seen.map(([p]) => p))).toEqual(new Set(['warmup', 'baseline', 'fault', 'recovery']));
    expect(new Set(load.map((r) => r.tags['route']))).toEqual(new Set(['catalog', 'checkout']));
    const took = (phase: string) =>
      median(load.filter((r: StandInRequest) => r.tags['phase'] === phase).map((r) => r.tookMs));
    expect(took('fault')).toBeGreaterThanOrEqual(950);
    expect(took('baseline')).toBeLessThan(500);

    // After teardown: no toxic, and the script's own calls were tagged apart from the load.
    const after = (await (
      await fetch(`${toxiproxy.url}/proxies/orders_to_payments/toxics`)
    ).json()) as unknown[];
    expect(after).toEqual([]);
    const control = run.requests.filter((r) => r.tags['faultline'] === 'control');
    expect(control.map((r) => [r.method, r.url.replace(toxiproxy.url, ''), r.status])).toEqual([
      ['POST', '/proxies/orders_to_payments/toxics', 200],
      ['DELETE', '/proxies/orders_to_payments/toxics/faultline_k6_1_latency', 204],
      ['DELETE', '/proxies/orders_to_payments/toxics/faultline_k6_1_latency', 404],
    ]);
  });

  it('undoes every fault in teardown when the test is stopped in the middle, and calls the hook for a crash', async () => {
    const hook = await startHttpServer();
    try {
      const dir = tempDir({
        'cut.yaml': [
          'name: cut',
          'load:',
          '  warmup: 0s',
          '  duration: 6s',
          '  routes: [{ name: r, request: GET /api/catalog, rate: 5/s }]',
          'faults:',
          '  - { name: cut, type: down, edge: orders->payments, at: 1s, for: 4s }',
          '  - { name: slow, type: latency, edge: orders->payments, at: 1s, for: 4s, latency: 100ms }',
          '  - { name: boom, type: crash, service: payments, at: 1s, for: 3s }',
        ].join('\n'),
      });
      const script = await exportK6(join(dir, 'cut.yaml'));
      const env = {
        BASE_URL: `http://127.0.0.1:${proxyPort}`,
        TOXIPROXY_URL: toxiproxy.url,
        FAULTLINE_HOOK_URL: hook.url,
      };
      const watch = watchProxy(toxiproxy.url, 'orders_to_payments');
      const run = await runK6Script(script, { env, paceMs: 200, stopAtMs: 2500 });
      await watch.stop();
      expect(run.errors).toEqual([]);
      const last = watch.changes.at(-1);
      expect(watch.changes.some((c) => !c.enabled && c.toxics.length === 1)).toBe(true);
      expect(last?.enabled).toBe(true);
      expect(last?.toxics).toEqual([]);
      expect(hook.bodies.map((b) => ({ ...(b as object), at: undefined }))).toEqual([
        {
          at: undefined,
          fault: 'boom',
          type: 'crash',
          service: 'payments',
          action: 'start',
          params: { restart: true },
        },
        {
          at: undefined,
          fault: 'boom',
          type: 'crash',
          service: 'payments',
          action: 'end',
          params: { restart: true },
        },
      ]);
      const startedAt = (hook.bodies[0] as { at: number }).at - run.t0;
      expect(Math.abs(startedAt - 1000)).toBeLessThanOrEqual(100);

      // A second instance of a distributed run only sends load; its teardown only undoes.
      hook.bodies.length = 0;
      const watchSecond = watchProxy(toxiproxy.url, 'orders_to_payments');
      const second = await runK6Script(script, { env, paceMs: 200, stopAtMs: 2000, segment: '1/2:1' });
      await watchSecond.stop();
      expect(second.errors).toEqual([]);
      expect(second.requests.filter((r) => r.tags['faultline'] === 'load').length).toBeGreaterThan(0);
      expect(watchSecond.changes.map((c) => [c.enabled, c.toxics])).toEqual([[true, []]]);
      expect(hook.bodies.map((b) => (b as { action: string }).action)).toEqual(['end']);
    } finally {
      hook.server.closeAllConnections();
      await new Promise((r) => hook.server.close(r));
    }
  });
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
