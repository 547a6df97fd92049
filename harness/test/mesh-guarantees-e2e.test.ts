import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults, Verdict } from '../src/results/index.js';
import { runScenario } from './cli-helper.js';

/**
 * The sample mesh's retry budget and its event delivery, proven through faultline's local
 * platform and the embedded proxy on every edge, and judged on the services' own metrics.
 */
const run = (scenario: string, env: Record<string, string> = {}) => runScenario(scenario, env);

const metric = (r: RunResults, name: string): Verdict => {
  const v = r.verdicts.find((x) => x.kind === 'metric' && x.name === name);
  if (!v) throw new Error(`no metric verdict "${name}" in ${JSON.stringify(r.verdicts.map((x) => x.name))}`);
  return v;
};

describe('the sample mesh under faults, judged on its own metrics (end to end)', () => {
  it('keeps orders within its retry budget while inventory fails: at most 1.2 attempts per call', async () => {
    const { code, out, results } = await run('scenarios/retry-storm.yaml');
    expect(code, out).toBe(0);
    const budget = metric(results, 'retries stay within the budget');
    expect(budget.status).toBe('pass');
    expect(budget.measured).toBeGreaterThan(1); // inventory's slowness did cause retries
    expect(budget.measured).toBeLessThanOrEqual(1.2);
  });

  it('shows the retry storm without the budget (MESH_RETRY_BUDGET=off)', async () => {
    const { code, out, results } = await run('scenarios/retry-storm.yaml', { MESH_RETRY_BUDGET: 'off' });
    expect(code, out).toBe(1);
    const budget = metric(results, 'retries stay within the budget');
    expect(budget.status).toBe('fail');
    expect(budget.measured).toBeGreaterThan(1.2);
  });

  it('loses no OrderPlaced event across a partition and a crash of shipping', async () => {
    const { code, out, outDir, results } = await run('scenarios/async-no-loss.yaml');
    expect(code, out).toBe(0);
    expect(metric(results, 'events were held back during the partition').measured).toBeGreaterThan(10);
    expect(metric(results, 'no OrderPlaced event lost')).toMatchObject({ status: 'pass', measured: 0 });
    expect(metric(results, 'the outbox has drained').measured).toBe(0);
    expect(results.faults.map((f) => [f.name, f.appliedAtMs !== null, f.revertedAtMs !== null])).toEqual([
      ['shipping cut off', true, true],
      ['shipping crash', true, true],
    ]);
    // what shipping acknowledged before the crash was on disk, in the run's own data folder
    const log = join(outDir, 'data', results.run.id, 'shipping', 'shipping-seen-events.log');
    expect(existsSync(log)).toBe(true);
    const placed = results.verdicts.find((v) => v.name === 'no OrderPlaced event lost')!.evidence;
    const seen = Number(/shipping_events_seen\{service="shipping"\}\) = (\d+)/.exec(placed)?.[1]);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(seen);
  });

  it('loses events when orders publishes inline instead of through its outbox (MESH_OUTBOX=off)', async () => {
    const { code, out, results } = await run('scenarios/async-no-loss.yaml', { MESH_OUTBOX: 'off' });
    expect(code, out).toBe(1);
    const lost = metric(results, 'no OrderPlaced event lost');
    expect(lost.status).toBe('fail');
    expect(lost.measured).toBeGreaterThan(0);
  });

  it.each([
    ['healthy', {}, 0, undefined],
    // without per-attempt timeouts, calls into the partition hang until the load's own timeout
    ['MESH_TIMEOUT=off', { MESH_TIMEOUT: 'off' }, 1, 'http_req_duration{route:checkout,phase:fault}'],
    // without the fallback, checkouts fail with 503 instead of being accepted as pending-payment
    ['MESH_FALLBACK=off', { MESH_FALLBACK: 'off' }, 1, 'http_req_failed{route:checkout}'],
  ] as const)('judges a partition of payments on the %s mesh', async (_label, env, exit, failing) => {
    const { code, out, results } = await run('scenarios/partition.yaml', env);
    expect(code, out).toBe(exit);
    const failed = results.verdicts.filter((v) => v.status === 'fail').map((v) => v.name);
    if (failing) expect(failed).toContainEqual(expect.stringContaining(failing));
    else expect(failed).toEqual([]);
  });
});
