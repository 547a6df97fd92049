import { describe, expect, it } from 'vitest';
import { FakeClock, sleep } from '../clock/index.js';
import type { FaultContext } from '../faults/index.js';
import { parseScenario } from '../scenario/index.js';
import { FaultTimeline } from './fault-timeline.js';
import { TeardownStack } from './teardown-stack.js';

/** One latency fault on a->b at 1 s for 10 s. */
const faults = parseScenario(
  `name: t\nload: { duration: 20s, routes: [{ name: r, request: GET /, rate: 1/s }] }\nfaults:\n  - { name: slow, type: latency, edge: a->b, latency: 50ms, at: 1s, for: 10s }\n`,
  't.yaml',
).faults;

/**
 * A proxy whose toxic API answers on the fake clock: adding takes `applyMs`, and the first
 * `failingRemoves` removals fail (as a restarting API would).
 */
function fakeProxy(clock: FakeClock, opts: { applyMs?: number; failingRemoves?: number } = {}) {
  const calls: string[] = [];
  let failures = opts.failingRemoves ?? 0;
  const proxy = {
    name: 'a_to_b',
    addToxic: async (body: { name: string }) => {
      await sleep(clock, opts.applyMs ?? 0);
      calls.push(`add ${body.name} at ${clock.now()}`);
      return {
        remove: () => {
          calls.push(`remove at ${clock.now()}`);
          return failures-- > 0 ? Promise.reject(new Error('connection refused')) : Promise.resolve();
        },
      };
    },
  };
  const ctx = {
    toxiproxy: { get: () => Promise.reject(new Error('no API call expected')) },
    proxies: new Map([['a->b', 'a_to_b']]),
    proxyHandles: new Map([['a->b', proxy]]),
    mesh: {},
  } as unknown as Omit<FaultContext, 'toxicPrefix'>;
  return { calls, ctx };
}

function timeline(clock: FakeClock, ctx: Omit<FaultContext, 'toxicPrefix'>, stack = new TeardownStack()) {
  const lines: string[] = [];
  const t = new FaultTimeline(
    faults,
    ctx,
    stack,
    (l) => lines.push(l),
    () => {},
    undefined,
    { applyMs: 10_000, revertMs: 20_000, revertAttempts: 3 },
    clock,
  );
  return { t, lines, stack };
}

describe('FaultTimeline on a fake clock', () => {
  it('records a late apply at the time it took effect, and still reverts at the scheduled end', async () => {
    const clock = new FakeClock(5_000);
    const { calls, ctx } = fakeProxy(clock, { applyMs: 3_000 });
    const { t } = timeline(clock, ctx);
    t.start(5_000);
    await clock.advance(3_999);
    expect(t.events[0]!.appliedAtMs).toBeNull();
    await clock.advance(1);
    expect(t.events[0]).toMatchObject({ scheduledAtMs: 1_000, appliedAtMs: 4_000, revertedAtMs: null });
    await clock.advance(6_999);
    expect(t.events[0]!.revertedAtMs).toBeNull();
    await clock.advance(1);
    expect(t.events[0]).toMatchObject({ appliedAtMs: 4_000, scheduledEndMs: 11_000, revertedAtMs: 11_000 });
    expect(calls).toEqual(['add faultline_0_latency at 9000', 'remove at 16000']);
    await t.stop();
  });

  it('gives up the window of an apply that outlives its limit, and reverts it as soon as it lands', async () => {
    const clock = new FakeClock();
    const { calls, ctx } = fakeProxy(clock, { applyMs: 12_000 });
    const { t, stack } = timeline(clock, ctx);
    t.start(0);
    await clock.advance(11_000);
    expect(t.events[0]).toMatchObject({
      appliedAtMs: null,
      error: 'applying the fault did not finish within 10000 ms',
    });
    await clock.advance(2_000);
    expect(calls).toEqual(['add faultline_0_latency at 13000', 'remove at 13000']);
    expect(t.events[0]!.revertedAtMs).toBe(13_000);
    await t.stop();
    expect(await stack.unwind()).toEqual([]);
  });

  it('retries a revert that failed, 250 ms later, and records when it finally took effect', async () => {
    const clock = new FakeClock();
    const { calls, ctx } = fakeProxy(clock, { failingRemoves: 1 });
    const { t, lines } = timeline(clock, ctx);
    t.start(0);
    await clock.advance(11_000);
    expect(t.events[0]!.revertedAtMs).toBeNull();
    expect(lines).toContain('fault "slow": revert attempt 1 failed (connection refused); retrying');
    await clock.advance(250);
    expect(calls).toEqual(['add faultline_0_latency at 1000', 'remove at 11000', 'remove at 11250']);
    expect(t.events[0]).toMatchObject({ revertedAtMs: 11_250 });
    expect(t.events[0]!.error).toBeUndefined();
    await t.stop();
  });

  it('applies nothing after stop(), and leaves no timer behind', async () => {
    const clock = new FakeClock();
    const { calls, ctx } = fakeProxy(clock);
    const { t } = timeline(clock, ctx);
    t.start(0);
    await clock.advance(500);
    await t.stop();
    expect(clock.pending).toBe(0);
    await clock.advance(20_000);
    expect(calls).toEqual([]);
    expect(t.events[0]).toMatchObject({ appliedAtMs: null, revertedAtMs: null });
  });

  it('stops the scheduled revert once stopped mid-fault: the teardown stack reverts it', async () => {
    const clock = new FakeClock();
    const { calls, ctx } = fakeProxy(clock);
    const { t, stack } = timeline(clock, ctx);
    t.start(0);
    await clock.advance(2_000);
    await t.stop();
    expect(clock.pending).toBe(0);
    await clock.advance(20_000);
    expect(calls).toEqual(['add faultline_0_latency at 1000']);
    expect(await stack.unwind()).toEqual([]);
    expect(calls).toEqual(['add faultline_0_latency at 1000', 'remove at 22000']);
    expect(t.events[0]!.revertedAtMs).toBe(22_000);
  });
});
