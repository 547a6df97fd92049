import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/index.js';
import type { FaultContext } from '../faults/index.js';
import { parseScenario } from '../scenario/index.js';
import type { FaultProbe } from './fault-probe.js';
import { FaultTimeline } from './fault-timeline.js';
import { TeardownStack } from './teardown-stack.js';

const scenario = (at: string) =>
  parseScenario(
    `name: t\nload: { duration: 20s, routes: [{ name: r, request: GET /, rate: 1/s }] }\nfaults:\n  - { name: slow, type: latency, edge: a->b, latency: 50ms, at: ${at}, for: 10s }\n`,
    't.yaml',
  );

/** A proxy that records toxics, kept as start-up keeps it (the API client is never asked). */
function ctx(): { ctx: Omit<FaultContext, 'toxicPrefix'>; added: string[] } {
  const added: string[] = [];
  const proxy = {
    name: 'a_to_b',
    addToxic: (body: { name: string }) => {
      added.push(body.name);
      return Promise.resolve({ remove: () => Promise.resolve() });
    },
  };
  const toxiproxy = { get: () => Promise.reject(new Error('no API call expected')) };
  return {
    added,
    ctx: {
      toxiproxy,
      proxies: new Map([['a->b', 'a_to_b']]),
      proxyHandles: new Map([['a->b', proxy]]),
      mesh: {},
    } as unknown as Omit<FaultContext, 'toxicPrefix'>,
  };
}

describe('FaultTimeline', () => {
  it('applies a fault on time even while its "before" probe is still waiting', async () => {
    const { ctx: c, added } = ctx();
    const clock = new FakeClock();
    const calls: string[] = [];
    const probe = {
      before: () => {
        calls.push('before');
        return new Promise<void>(() => {}); // never settles: a canary stuck behind the load
      },
      cutBefore: () => void calls.push('cut'),
      after: () => Promise.resolve(void calls.push('after')),
      beforeRevert: () => Promise.resolve(),
    } as unknown as FaultProbe;
    const timeline = new FaultTimeline(
      scenario('700ms').faults,
      c,
      new TeardownStack(),
      () => {},
      () => {},
      probe,
      undefined,
      clock,
    );
    timeline.start(clock.now());
    await clock.advance(1500);
    const [event] = timeline.events;
    expect(added).toEqual(['faultline_0_latency']);
    expect(calls).toEqual(['before', 'cut', 'after']);
    // On time: it did not wait for the probe, which never finishes.
    expect(event?.appliedAtMs).toBe(700);
    await Promise.race([timeline.stop(), clock.advance(100)]);
  });
});
