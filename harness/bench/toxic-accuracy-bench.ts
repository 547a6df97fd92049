import { Toxiproxy, type Proxy } from 'toxiproxy-node-client';
import { spawnToxiproxyServer } from '../src/toxiproxy/index.js';
import type { BenchRow, BenchSection } from './bench-table.js';
import { forkChild, portOf } from './child-process.js';
import { bytesWithin, measureRtts } from './http-tools.js';
import { fmt, median } from './stats.js';

/** ms of latency → requests measured with it (fewer for the long ones, to keep the group short). */
const LATENCIES: [number, number][] = [
  [10, 40],
  [100, 20],
  [500, 8],
  [2000, 4],
];
const LATENCY_TOLERANCE_MS = 2;
/** KB/s (1 KB = 1000 B, as Toxiproxy). */
const RATES = [100, 1000, 10_000];
const WINDOW_MS = 2000;
const RATE_TOLERANCE = 0.1;

/**
 * Accuracy of the latency and bandwidth toxics on the embedded server (own process): the median
 * RTT added by a `latency` toxic (jitter 0) against the same connection's RTT without it, and the
 * bytes a `bandwidth` toxic lets through within 2 s of the request.
 */
export async function toxicAccuracyBench(log: (line: string) => void): Promise<BenchSection> {
  const server = await forkChild('trivial-server.js');
  const tp = await spawnToxiproxyServer({ seed: 1 });
  try {
    const proxy = await new Toxiproxy(tp.url).createProxy({
      name: 'accuracy',
      listen: '127.0.0.1:0',
      upstream: `127.0.0.1:${portOf(server)}`,
    });
    const port = Number(proxy.listen.split(':').pop());
    const rows: BenchRow[] = [];
    for (const [latency, n] of LATENCIES) rows.push(await latencyRow(proxy, port, latency, n, log));
    for (const rate of RATES) rows.push(await bandwidthRow(proxy, port, rate, log));
    return { name: 'toxics', rows };
  } finally {
    await tp.close();
    await server.stop();
  }
}

async function latencyRow(
  proxy: Proxy,
  port: number,
  latency: number,
  n: number,
  log: (line: string) => void,
): Promise<BenchRow> {
  const before = median(await measureRtts(port, 200));
  const toxic = await proxy.addToxic({
    name: 'lat',
    type: 'latency',
    stream: 'downstream',
    toxicity: 1,
    attributes: { latency, jitter: 0 },
  });
  let rtts: number[];
  try {
    rtts = await measureRtts(port, n);
  } finally {
    await toxic.remove();
  }
  const after = median(await measureRtts(port, 200));
  const added = median(rtts) - (before + after) / 2;
  log(`latency ${latency} ms: added ${added.toFixed(2)} ms`);
  return {
    measure: `latency toxic ${latency} ms: added at the median`,
    goal: `${latency} ± ${LATENCY_TOLERANCE_MS} ms`,
    value: `${added.toFixed(2)} ms`,
    ratio: (added / latency).toFixed(3),
    met: Math.abs(added - latency) <= LATENCY_TOLERANCE_MS,
    note: `${n} requests; RTT without the toxic ${before.toFixed(3)} / ${after.toFixed(3)} ms before / after`,
  };
}

async function bandwidthRow(
  proxy: Proxy,
  port: number,
  rate: number,
  log: (line: string) => void,
): Promise<BenchRow> {
  const toxic = await proxy.addToxic({
    name: 'bw',
    type: 'bandwidth',
    stream: 'downstream',
    toxicity: 1,
    attributes: { rate },
  });
  let bytes: number;
  try {
    // Ask for twice what the window can carry, so the toxic, not the body, is the limit.
    bytes = await bytesWithin(port, rate * 1000 * (WINDOW_MS / 1000) * 2, WINDOW_MS);
  } finally {
    await toxic.remove();
  }
  const achieved = bytes / 1000 / (WINDOW_MS / 1000);
  log(`bandwidth ${rate} KB/s: ${achieved.toFixed(1)} KB/s`);
  return {
    measure: `bandwidth toxic ${fmt(rate)} KB/s over ${WINDOW_MS / 1000} s`,
    goal: `${fmt(rate)} KB/s ± ${RATE_TOLERANCE * 100} %`,
    value: `${fmt(achieved, 1)} KB/s`,
    ratio: (achieved / rate).toFixed(3),
    met: Math.abs(achieved / rate - 1) <= RATE_TOLERANCE,
    note: 'bytes received within 2 s of sending the request, headers included',
  };
}
