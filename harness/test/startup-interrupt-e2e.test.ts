import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesOfRun, readResults, runCli, tempDir } from './cli-helper.js';

/**
 * A service that listens but never answers its ready path: the run waits for it until the ready
 * timeout (15 s) unless a signal cuts the wait short.
 */
const STUCK = `
import http from 'node:http';
http.createServer((req, res) => {
  if (req.url === '/readyz') return; // never answered
  res.end('ok');
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

const MESH = `
name: stuck
entry: stuck
services:
  stuck:
    command: [node, stuck.mjs]
`;

const SCENARIO = `
name: stuck-start
mesh: mesh.yaml
load:
  warmup: 0s
  duration: 2s
  routes:
    - { name: api, request: GET /, rate: 5/s }
`;

/** ms after start at which the signal is sent: the service is up and being waited for. */
const SIGNAL_AT_MS = 3_000;

describe('a signal during start-up', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} while a service is not yet ready exits ${code} within 2 s, everything rolled back`, async () => {
      const dir = tempDir({ 'stuck.mjs': STUCK, 'mesh.yaml': MESH, 'scenario.yaml': SCENARIO });
      const out = join(dir, 'out');
      const home = join(dir, 'home');
      let sentAt = 0;
      let timer: NodeJS.Timeout | undefined;
      const started = Date.now();
      const res = await runCli(['run', join(dir, 'scenario.yaml'), '--out', out], {
        env: { FAULTLINE_HOME: home },
        timeoutMs: 30_000,
        onStderr: (soFar, child) => {
          if (timer || !/starting mesh "stuck"/.test(soFar)) return;
          timer = setTimeout(
            () => {
              sentAt = Date.now();
              child.kill(signal);
            },
            Math.max(0, started + SIGNAL_AT_MS - Date.now()),
          );
        },
      });
      const exitedAt = Date.now();
      expect(sentAt, res.stderr).toBeGreaterThan(0);
      expect(res.code, res.stderr).toBe(code);
      expect(exitedAt - sentAt).toBeLessThan(2_000);
      expect(res.stderr).toContain(`interrupted by ${signal} during start-up; everything was rolled back`);
      const runId = (
        JSON.parse(readFileSync(join(out, 'ledger.jsonl'), 'utf8').split('\n')[0]!) as { runId: string }
      ).runId;
      expect(processesOfRun(runId)).toEqual([]);
      // A rolled-back run leaves no pointer for `faultline cleanup`, and its results carry the ledger's id.
      expect(readdirSync(join(home, 'runs'))).toEqual([]);
      const results = readResults(out);
      expect([results.outcome, results.exitCode, results.run.id]).toEqual(['interrupted', code, runId]);
    });
  }
});
