import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Toxiproxy } from 'toxiproxy-node-client';
import { spawnToxiproxyServer } from '../src/toxiproxy/index.js';
import type { BenchRow, BenchSection } from './bench-table.js';
import { forkChild, portOf } from './child-process.js';
import { summarizeProfiles } from './cpu-profile.js';
import { measureRtts, runAutocannon, runWrk, wrkInstalled, type ToolResult } from './http-tools.js';
import { sampleProcess } from './proc-stats.js';
import { fmt, median, ratio } from './stats.js';

const CONNECTIONS = 32;
const SECONDS = 5;
const ROUNDS = 3;
const RTT_SAMPLES = 2000;
/** Goals: share of direct throughput, ms added at p50. */
const MIN_SHARE = 0.7;
const MAX_ADDED_P50_MS = 0.2;

type Variant = 'direct' | 'faultline' | 'pipe';
const VARIANTS: Variant[] = ['direct', 'faultline', 'pipe'];
const LABEL: Record<Variant, string> = {
  direct: 'direct',
  faultline: 'embedded Toxiproxy, no toxics',
  pipe: 'naive Node pipe() proxy',
};

/**
 * Keep-alive load straight to a trivial server and through the embedded Toxiproxy and a naive
 * pipe() proxy (each in its own process), variants interleaved in every round (rotated so no
 * variant always goes first), medians over the rounds, with each proxy process's CPU time per
 * request read from /proc around every run. When the throughput goal is missed, one
 * more run goes through a `--cpu-prof` copy of the proxy and the profile's top is reported.
 */
export async function proxyBench(log: (line: string) => void): Promise<BenchSection> {
  const server = await forkChild('trivial-server.js');
  const target = portOf(server);
  const tp = await spawnToxiproxyServer({ seed: 1 });
  const pipe = await forkChild('pipe-proxy.js', [String(target)]);
  try {
    const proxy = await new Toxiproxy(tp.url).createProxy({
      name: 'bench',
      listen: '127.0.0.1:0',
      upstream: `127.0.0.1:${target}`,
    });
    const ports: Record<Variant, number> = {
      direct: target,
      faultline: Number(proxy.listen.split(':').pop()),
      pipe: portOf(pipe),
    };
    const ac: Record<Variant, ToolResult[]> = { direct: [], faultline: [], pipe: [] };
    const wrk: Record<Variant, ToolResult[]> = { direct: [], faultline: [], pipe: [] };
    const rtt: Record<Variant, number[]> = { direct: [], faultline: [], pipe: [] };
    const pids: Record<Variant, number | undefined> = {
      direct: undefined,
      faultline: tp.pid,
      pipe: pipe.pid,
    };
    // µs of the proxy's CPU (user + system) per request: what the proxy itself costs, which the
    // machine's other load disturbs far less than the throughput it allows.
    const cpu: Record<'ac' | 'wrk', Record<Variant, number[]>> = {
      ac: { direct: [], faultline: [], pipe: [] },
      wrk: { direct: [], faultline: [], pipe: [] },
    };
    const costOf = async (v: Variant, tool: 'ac' | 'wrk', run: () => Promise<ToolResult | null>) => {
      const pid = pids[v];
      const before = pid === undefined ? null : sampleProcess(pid, 0);
      const r = await run();
      const after = pid === undefined ? null : sampleProcess(pid, 0);
      if (r && before && after) cpu[tool][v].push(((after.cpuMs - before.cpuMs) * 1000) / (r.rps * SECONDS));
      return r;
    };
    for (let round = 0; round < ROUNDS; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
      for (const v of order) {
        const url = `http://127.0.0.1:${ports[v]}/`;
        ac[v].push((await costOf(v, 'ac', () => runAutocannon(url, CONNECTIONS, SECONDS)))!);
        const w = await costOf(v, 'wrk', () => runWrk(url, CONNECTIONS, SECONDS));
        if (w) wrk[v].push(w);
        rtt[v].push(median(await measureRtts(ports[v], RTT_SAMPLES)));
        log(
          `proxy round ${round + 1} ${v}: autocannon ${fmt(ac[v].at(-1)!.rps)} req/s${w ? `, wrk ${fmt(w.rps)} req/s` : ''}`,
        );
      }
    }
    const med = (rs: ToolResult[], k: keyof ToolResult): number => median(rs.map((r) => r[k]));
    const rows: BenchRow[] = [];
    const hasWrk = wrkInstalled();
    for (const v of VARIANTS) {
      const acRps = med(ac[v], 'rps');
      const wrkRps = hasWrk ? med(wrk[v], 'rps') : NaN;
      const share = acRps / med(ac.direct, 'rps');
      const wrkShare = wrkRps / med(wrk.direct, 'rps');
      rows.push({
        measure: `${LABEL[v]}: req/s (${CONNECTIONS} conns, autocannon / wrk)`,
        goal:
          v === 'faultline' ? `≥ ${MIN_SHARE * 100} % of direct` : v === 'direct' ? 'reference' : 'yardstick',
        value: `${fmt(acRps)} (${(share * 100).toFixed(0)} % of direct)`,
        comparison: hasWrk
          ? `wrk ${fmt(wrkRps)} (${(wrkShare * 100).toFixed(0)} % of direct)`
          : 'wrk not installed',
        ratio: v === 'direct' ? '1.00' : ratio(acRps, med(ac.direct, 'rps')),
        met: v === 'faultline' ? share >= MIN_SHARE && (!hasWrk || wrkShare >= MIN_SHARE) : null,
        note: `p50/p99 ms: autocannon ${med(ac[v], 'p50')}/${med(ac[v], 'p99')}${hasWrk ? `, wrk ${med(wrk[v], 'p50').toFixed(2)}/${med(wrk[v], 'p99').toFixed(2)}` : ''}; errors ${ac[v].reduce((n, r) => n + r.errors, 0)}`,
      });
    }
    for (const v of ['faultline', 'pipe'] as const) {
      const loaded = hasWrk ? med(wrk[v], 'p50') - med(wrk.direct, 'p50') : NaN;
      const idle = median(rtt[v]) - median(rtt.direct);
      rows.push({
        measure: `${LABEL[v]}: ms added at p50`,
        goal: v === 'faultline' ? `≤ ${MAX_ADDED_P50_MS} ms` : 'yardstick',
        value: `${idle.toFixed(3)} ms one request at a time`,
        comparison: hasWrk ? `${loaded.toFixed(3)} ms under wrk's ${CONNECTIONS} conns` : 'wrk not installed',
        ratio: ratio(median(rtt[v]), median(rtt.direct)),
        met: v === 'faultline' ? idle <= MAX_ADDED_P50_MS && (!hasWrk || loaded <= MAX_ADDED_P50_MS) : null,
        note: `median RTT direct ${median(rtt.direct).toFixed(3)} ms, ${RTT_SAMPLES} sequential requests × ${ROUNDS} rounds`,
      });
    }
    for (const v of ['faultline', 'pipe'] as const) {
      rows.push({
        measure: `${LABEL[v]}: proxy CPU per request (user + system)`,
        goal:
          v === 'faultline' ? 'no goal; lower leaves more of the 2 cores to load and server' : 'yardstick',
        value: `${median(cpu.ac[v]).toFixed(1)} µs under autocannon`,
        comparison: hasWrk ? `${median(cpu.wrk[v]).toFixed(1)} µs under wrk` : 'wrk not installed',
        ratio: v === 'faultline' ? ratio(median(cpu.ac.faultline), median(cpu.ac.pipe)) : '1.00',
        met: null,
        note: 'ratio: of the pipe() proxy under autocannon; median of the rounds, /proc CPU times (10 ms ticks)',
      });
    }
    const extra = rows.some((r) => r.met === false) ? await profileProxy(target, log) : undefined;
    return { name: 'proxy', rows, extra };
  } finally {
    await tp.close();
    await pipe.stop();
    await server.stop();
  }
}

/** One autocannon run through a `--cpu-prof` copy of the embedded server; the profile's summary. */
async function profileProxy(target: number, log: (line: string) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-bench-prof-'));
  const child = await forkChild('profiled-toxiproxy.js', [], {
    execArgv: ['--cpu-prof', '--cpu-prof-dir', dir],
  });
  try {
    const proxy = await new Toxiproxy(String(child.ready['url'])).createProxy({
      name: 'prof',
      listen: '127.0.0.1:0',
      upstream: `127.0.0.1:${target}`,
    });
    const r = await runAutocannon(`http://${proxy.listen}/`, CONNECTIONS, SECONDS);
    log(`proxy profile run: ${fmt(r.rps)} req/s`);
    await child.stop();
    const summary = await summarizeProfiles(dir);
    return `Profile of the embedded Toxiproxy process under autocannon (${CONNECTIONS} connections, ${SECONDS} s, \`node --cpu-prof\`), ${fmt(r.rps)} req/s while profiled:\n\n\`\`\`text\n${summary}\n\`\`\``;
  } finally {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
