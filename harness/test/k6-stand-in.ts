import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { repoRoot } from './cli-helper.js';
import { tempDir } from './temp-dir.js';

/**
 * Runs a k6 script (TypeScript) in Node with small stand-ins for `k6`, `k6/http` and
 * `k6/execution` (k6-stand-in/*.mjs), to test what the script does on the wire.
 *
 * Each VU is a worker thread, so the script's calls block as they do in k6: `sleep` waits, and
 * `http.request` hands the request to this thread, which makes it for real and wakes the VU with
 * the answer. The schedule is a stand-in too, not k6's executors:
 * - a `per-vu-iterations` scenario runs `vus` VUs of `iterations` iterations from its `startTime`;
 * - any other scenario runs one VU calling its function every `paceMs` for its `duration`;
 * - once every VU is done (or `stopAtMs` passed, when the rest are stopped, as an interrupted
 *   test), `teardown()` runs, if the script has one.
 */
export interface StandInOptions {
  env: Record<string, string>;
  /** ms between two calls of a load scenario's function. */
  paceMs: number;
  /** ms after the start at which VUs still running are stopped. */
  stopAtMs: number;
  /** k6's --execution-segment, which `exec.test.options.executionSegment` returns. */
  segment?: string;
}

export interface StandInRequest {
  /** ms since the test's start at which the script sent it */
  atMs: number;
  /** ms until the answer (or the error) */
  tookMs: number;
  method: string;
  url: string;
  body: string | null;
  status: number;
  tags: Record<string, string>;
}

export interface StandInRun {
  /** ms since the epoch at which the test started */
  t0: number;
  requests: StandInRequest[];
  /** What the script threw, by scenario ("teardown" for teardown), as k6 logs it. */
  errors: { scenario: string; message: string }[];
}

interface ScenarioOptions {
  executor: string;
  exec?: string;
  vus?: number;
  iterations?: number;
  startTime?: string;
  duration?: string;
  tags?: Record<string, string>;
}

type VuMessage =
  | { kind: 'ready' | 'done' }
  | { kind: 'error'; message: string }
  | { kind: 'options'; options: { scenarios: Record<string, ScenarioOptions> }; exports: string[] }
  | {
      kind: 'http';
      method: string;
      url: string;
      body: string | null;
      headers: Record<string, string>;
      tags: Record<string, string>;
      timeoutMs: number;
      sentAt: number;
    };

const standIns = join(repoRoot, 'harness/test/k6-stand-in');
const REPLY_BYTES = 1 << 16;

/** `'6000ms'` or `'18s'` to ms. */
function ms(duration: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(duration ?? '0s');
  if (!m) throw new Error(`stand-in: unknown duration ${duration}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

/** The script as an ES module whose k6 imports are the stand-ins. */
function transpile(scriptFile: string): string {
  const js = ts.transpileModule(readFileSync(scriptFile, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const rewritten = js.replace(/from '(k6(?:\/[a-z]+)?)';/g, (_, mod: string) => {
    const file = { k6: 'k6.mjs', 'k6/http': 'k6-http.mjs', 'k6/execution': 'k6-execution.mjs' }[mod];
    if (!file) throw new Error(`stand-in: no stand-in for ${mod}`);
    return `from '${pathToFileURL(join(standIns, file)).href}';`;
  });
  const out = join(tempDir(), 'script.mjs');
  writeFileSync(out, rewritten);
  return pathToFileURL(out).href;
}

export async function runK6Script(scriptFile: string, opts: StandInOptions): Promise<StandInRun> {
  const scriptUrl = transpile(scriptFile);
  const requests: StandInRequest[] = [];
  const errors: StandInRun['errors'] = [];
  let t0 = 0;
  const base = { scriptUrl, env: opts.env, segment: opts.segment };

  const spawn = (name: string, data: Record<string, unknown>): Worker & { ready: Promise<unknown> } => {
    const reply = { flag: new SharedArrayBuffer(8), data: new SharedArrayBuffer(REPLY_BYTES) };
    const worker = new Worker(join(standIns, 'vu-worker.mjs'), { workerData: { ...base, ...data, reply } });
    let ready: () => void = () => {};
    const vu = Object.assign(worker, { ready: new Promise<void>((r) => (ready = r)) });
    worker.on('message', (m: VuMessage) => {
      if (m.kind === 'ready') ready();
      else if (m.kind === 'error') errors.push({ scenario: name, message: m.message });
      else if (m.kind === 'http') void serve(m, reply);
    });
    return vu;
  };

  const serve = async (
    m: Extract<VuMessage, { kind: 'http' }>,
    reply: { flag: SharedArrayBuffer; data: SharedArrayBuffer },
  ) => {
    let status = 0;
    let body = '';
    try {
      const res = await fetch(m.url, {
        method: m.method,
        body: m.body,
        headers: m.headers,
        signal: AbortSignal.timeout(m.timeoutMs),
      });
      status = res.status;
      body = (await res.text()).slice(0, REPLY_BYTES / 4);
    } catch (err) {
      body = String(err);
    }
    requests.push({
      atMs: m.sentAt - t0,
      tookMs: Date.now() - m.sentAt,
      method: m.method,
      url: m.url,
      body: m.body,
      status,
      tags: m.tags,
    });
    const bytes = new TextEncoder().encode(JSON.stringify({ status, body }));
    new Uint8Array(reply.data).set(bytes);
    const flag = new Int32Array(reply.flag);
    Atomics.store(flag, 1, bytes.length);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };

  const { options, exports } = await new Promise<Extract<VuMessage, { kind: 'options' }>>(
    (resolve, reject) => {
      const w = new Worker(join(standIns, 'vu-worker.mjs'), {
        workerData: {
          ...base,
          mode: 'options',
          scenario: { name: 'init' },
          reply: { flag: new SharedArrayBuffer(8), data: new SharedArrayBuffer(8) },
        },
      });
      w.once('message', (m: VuMessage) => (m.kind === 'options' ? resolve(m) : reject(new Error(m.kind))));
      w.once('error', reject);
    },
  );

  const vus: { worker: Worker & { ready: Promise<unknown> }; ended: Promise<void> }[] = [];
  for (const [name, s] of Object.entries(options.scenarios)) {
    const once = s.executor === 'per-vu-iterations';
    const startOffsetMs = ms(s.startTime);
    for (let v = 0; v < (once ? (s.vus ?? 1) : 1); v++) {
      const worker = spawn(name, {
        scenario: { name, executor: s.executor, tags: s.tags ?? {} },
        fn: s.exec ?? 'default',
        startOffsetMs,
        iterations: once ? (s.iterations ?? 1) : Number.MAX_SAFE_INTEGER,
        paceMs: once ? 0 : opts.paceMs,
        untilOffsetMs: once ? Number.MAX_SAFE_INTEGER : startOffsetMs + ms(s.duration),
      });
      vus.push({ worker, ended: new Promise((r) => worker.once('exit', () => r())) });
    }
  }
  await Promise.all(vus.map((v) => v.worker.ready));
  t0 = Date.now();
  for (const v of vus) v.worker.postMessage({ t0 });
  const stop = setTimeout(() => vus.forEach((v) => void v.worker.terminate()), opts.stopAtMs);
  await Promise.all(vus.map((v) => v.ended));
  clearTimeout(stop);

  if (exports.includes('teardown')) {
    const worker = spawn('teardown', {
      scenario: { name: 'teardown', executor: 'teardown', tags: {} },
      fn: 'teardown',
      startOffsetMs: 0,
      iterations: 1,
      paceMs: 0,
      untilOffsetMs: Number.MAX_SAFE_INTEGER,
    });
    const ended = new Promise<void>((r) => worker.once('exit', () => r()));
    await worker.ready;
    worker.postMessage({ t0 });
    await ended;
  }
  return { t0, requests, errors };
}
