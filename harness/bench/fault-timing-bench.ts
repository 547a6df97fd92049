import { Toxiproxy } from 'toxiproxy-node-client';
import type { FaultContext, FaultSpec } from '../src/faults/index.js';
import { FaultTimeline, TeardownStack } from '../src/runner/index.js';
import { spawnToxiproxyServer } from '../src/toxiproxy/index.js';
import type { BenchRow, BenchSection } from './bench-table.js';
import { forkChild, portOf } from './child-process.js';
import { percentile } from './stats.js';

const FAULTS = 15;
const FIRST_AT_MS = 1000;
const EVERY_MS = 600;
const FOR_MS = 300;
const LATENCY_MS = 50;
const MAX_GAP_P99_MS = 20;

/**
 * The gap between a fault's scheduled time and its effect on the wire: the runner's
 * FaultTimeline (in this process, as in a run, without the canary probe) applies 15 short latency
 * faults to a proxy of the embedded server (own process); a probe process sends one byte through
 * that proxy every ms. A fault's effect starts at the send time of the first byte after its
 * scheduled time whose round trip took at least half the latency. Also reported: the runner's own
 * record, appliedAtMs - scheduledAtMs.
 */
export async function faultTimingBench(log: (line: string) => void): Promise<BenchSection> {
  const prober = await forkChild('wire-prober.js');
  const tp = await spawnToxiproxyServer({ seed: 1 });
  const stack = new TeardownStack();
  try {
    const toxiproxy = new Toxiproxy(tp.url);
    const proxy = await toxiproxy.createProxy({
      name: 'a_to_b',
      listen: '127.0.0.1:0',
      upstream: `127.0.0.1:${portOf(prober)}`,
    });
    const faults: Extract<FaultSpec, { type: 'latency' }>[] = Array.from({ length: FAULTS }, (_, i) => ({
      name: `f${i}`,
      type: 'latency',
      edge: 'a->b',
      atMs: FIRST_AT_MS + i * EVERY_MS,
      forMs: FOR_MS,
      latencyMs: LATENCY_MS,
      jitterMs: 0,
    }));
    // Latency faults use only the Toxiproxy client and the edge's proxy, never the mesh.
    const ctx = { toxiproxy, proxies: new Map([['a->b', proxy.name]]), mesh: {} } as unknown as Omit<
      FaultContext,
      'toxicPrefix'
    >;
    const timeline = new FaultTimeline(
      faults,
      ctx,
      stack,
      () => {},
      () => {},
    );
    const runMs = FIRST_AT_MS + FAULTS * EVERY_MS + 500;
    const samples = new Promise<[number, number][]>((resolve) =>
      prober.child.on('message', (m: { samples?: [number, number][] }) => m.samples && resolve(m.samples)),
    );
    prober.child.send({ probe: Number(proxy.listen.split(':').pop()), ms: runMs });
    // Let the probe connect and settle before t = 0.
    const t0 = performance.now() + 300;
    timeline.start(t0);
    const wire = await samples;
    await timeline.stop();
    const t0Epoch = performance.timeOrigin + t0;
    const gaps = faults.map((f) => {
      const at = t0Epoch + f.atMs;
      const hit = wire.find(([sent, rtt]) => sent >= at - 1 && rtt >= LATENCY_MS / 2);
      return hit ? hit[0] - at : Infinity;
    });
    const recorded = timeline.events.map((e) => (e.appliedAtMs ?? Infinity) - e.scheduledAtMs);
    const p99 = percentile(gaps, 99);
    log(`fault timing: wire gaps ${gaps.map((g) => g.toFixed(1)).join(' ')}`);
    const rows: BenchRow[] = [
      {
        measure: `fault effect on the wire after its scheduled time (${FAULTS} latency faults)`,
        goal: `p99 < ${MAX_GAP_P99_MS} ms`,
        value: `p99 ${p99.toFixed(1)} ms`,
        ratio: (p99 / MAX_GAP_P99_MS).toFixed(2),
        met: p99 < MAX_GAP_P99_MS,
        note: `median ${percentile(gaps, 50).toFixed(1)} ms, max ${Math.max(...gaps).toFixed(1)} ms; ${wire.length} probe bytes, 1 per ms`,
      },
      {
        measure: 'runner record: appliedAtMs − scheduledAtMs',
        goal: `p99 < ${MAX_GAP_P99_MS} ms`,
        value: `p99 ${percentile(recorded, 99).toFixed(0)} ms`,
        ratio: (percentile(recorded, 99) / MAX_GAP_P99_MS).toFixed(2),
        met: percentile(recorded, 99) < MAX_GAP_P99_MS,
        note: `median ${percentile(recorded, 50).toFixed(0)} ms (whole ms, taken after the API call returns)`,
      },
    ];
    return { name: 'faults', rows };
  } finally {
    await stack.unwind();
    await tp.close();
    await prober.stop();
  }
}
