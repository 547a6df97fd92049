import { loadavg } from 'node:os';
import { Toxiproxy } from 'toxiproxy-node-client';
import { spawnToxiproxyServer } from '../src/toxiproxy/index.js';
import type { BenchRow, BenchSection } from './bench-table.js';
import { forkChild, portOf } from './child-process.js';
import { measureRtts, runAutocannon, runWrk, wrkInstalled, type ToolResult } from './http-tools.js';
import { sampleProcess } from './proc-stats.js';
import { fmt, median, ratio } from './stats.js';

const CONNECTIONS = 32;
const SECONDS = 5;
const ROUNDS = 5;
const RTT_SAMPLES = 2000;
/** Goals: an HTTP toxic that matches nothing keeps this share of TCP pass-through; ms an answer may add at p50. */
const MIN_SHARE = 0.85;
const MAX_ANSWER_P50_MS = 0.2;

type Variant = 'tcp' | 'http';
const LABEL: Record<Variant, string> = {
  tcp: 'no toxic (TCP pass-through)',
  http: 'http_error that matches nothing',
};

/**
 * The HTTP toxics' cost, side by side in one run against one trivial server and one embedded
 * Toxiproxy process: keep-alive load through a proxy without toxics and through a proxy whose
 * http_error matches no request (so every byte is framed and passed), interleaved in each
 * round; and the round trip of an answer http_error makes itself against the server's own.
 */
export async function httpToxicBench(log: (line: string) => void): Promise<BenchSection> {
  const server = await forkChild('trivial-server.js');
  const target = portOf(server);
  const tp = await spawnToxiproxyServer({ seed: 1 });
  try {
    const api = new Toxiproxy(tp.url);
    const upstream = `127.0.0.1:${target}`;
    const tcp = await api.createProxy({ name: 'tcp', listen: '127.0.0.1:0', upstream });
    const http = await api.createProxy({ name: 'http', listen: '127.0.0.1:0', upstream });
    const answer = await api.createProxy({ name: 'answer', listen: '127.0.0.1:0', upstream });
    await http.addToxic({
      type: 'http_error',
      attributes: { status: 503, match: { headers: { 'x-never': true } } },
    } as never);
    // The body is the trivial server's, so the same client times both answers.
    await answer.addToxic({
      type: 'http_error',
      stream: 'upstream',
      attributes: { status: 503, body: 'ok', headers: { 'Content-Type': 'text/plain' } },
    } as never);
    const port = (p: { listen: string }): number => Number(p.listen.split(':').pop());
    const check = await fetch(`http://${answer.listen}/`);
    if (check.status !== 503) throw new Error(`the answering proxy gave ${check.status}, not its 503`);
    await check.text();
    const ports: Record<Variant, number> = { tcp: port(tcp), http: port(http) };
    const ac: Record<Variant, ToolResult[]> = { tcp: [], http: [] };
    const wrk: Record<Variant, ToolResult[]> = { tcp: [], http: [] };
    const rtt = { direct: [] as number[], answer: [] as number[] };
    const loads: number[] = [];
    // µs of the proxy process's CPU per request: what framing costs, far less disturbed by the
    // machine's other load than the throughput is.
    const cpu: Record<Variant, number[]> = { tcp: [], http: [] };
    const measured = async <T extends ToolResult | null>(v: Variant, run: () => Promise<T>): Promise<T> => {
      const before = sampleProcess(tp.pid, 0);
      const r = await run();
      const after = sampleProcess(tp.pid, 0);
      if (r && before && after) cpu[v].push(((after.cpuMs - before.cpuMs) * 1000) / (r.rps * SECONDS));
      return r;
    };
    for (let round = 0; round < ROUNDS; round++) {
      loads.push(loadavg()[0] ?? NaN);
      const order: Variant[] = round % 2 === 0 ? ['tcp', 'http'] : ['http', 'tcp'];
      for (const v of order) {
        const url = `http://127.0.0.1:${ports[v]}/`;
        ac[v].push(await measured(v, () => runAutocannon(url, CONNECTIONS, SECONDS)));
        const w = await measured(v, () => runWrk(url, CONNECTIONS, SECONDS));
        if (w) wrk[v].push(w);
        log(
          `http round ${round + 1} ${v}: autocannon ${fmt(ac[v].at(-1)?.rps)} req/s${w ? `, wrk ${fmt(w.rps)} req/s` : ''}`,
        );
      }
      rtt.direct.push(median(await measureRtts(target, RTT_SAMPLES)));
      rtt.answer.push(median(await measureRtts(port(answer), RTT_SAMPLES)));
    }
    const med = (rs: ToolResult[], k: keyof ToolResult): number => median(rs.map((r) => r[k]));
    const hasWrk = wrkInstalled();
    const share = med(ac.http, 'rps') / med(ac.tcp, 'rps');
    const wrkShare = hasWrk ? med(wrk.http, 'rps') / med(wrk.tcp, 'rps') : NaN;
    const load = `load average ${loads.map((l) => l.toFixed(1)).join(' / ')} (1 min, at each round's start, 2 cores)`;
    const rows: BenchRow[] = (['tcp', 'http'] as const).map((v) => ({
      measure: `${LABEL[v]}: req/s (${CONNECTIONS} conns, autocannon / wrk)`,
      goal: v === 'http' ? `≥ ${MIN_SHARE} × TCP pass-through` : 'reference',
      value: fmt(med(ac[v], 'rps')),
      comparison: hasWrk ? `wrk ${fmt(med(wrk[v], 'rps'))}` : 'wrk not installed',
      ratio: v === 'tcp' ? '1.00' : `${share.toFixed(2)}${hasWrk ? ` / wrk ${wrkShare.toFixed(2)}` : ''}`,
      met: v === 'http' ? share >= MIN_SHARE && (!hasWrk || wrkShare >= MIN_SHARE) : null,
      note: `p50/p99 ms: autocannon ${med(ac[v], 'p50')}/${med(ac[v], 'p99')}${hasWrk ? `, wrk ${med(wrk[v], 'p50').toFixed(2)}/${med(wrk[v], 'p99').toFixed(2)}` : ''}; ${load}`,
    }));
    rows.push({
      measure: 'proxy CPU per request (user + system), framed vs TCP pass-through',
      goal: 'no goal; what framing costs the proxy process',
      value: `${median(cpu.http).toFixed(1)} µs framed`,
      comparison: `${median(cpu.tcp).toFixed(1)} µs pass-through`,
      ratio: ratio(median(cpu.http), median(cpu.tcp)),
      met: null,
      note: `median over every load run; /proc CPU times (10 ms ticks); ${load}`,
    });
    const added = median(rtt.answer) - median(rtt.direct);
    rows.push({
      measure: 'http_error answer vs the server’s own: ms added at p50',
      goal: `≤ ${MAX_ANSWER_P50_MS} ms`,
      value: `${added.toFixed(3)} ms`,
      comparison: `direct ${median(rtt.direct).toFixed(3)} ms, answer ${median(rtt.answer).toFixed(3)} ms`,
      ratio: ratio(median(rtt.answer), median(rtt.direct)),
      met: added <= MAX_ANSWER_P50_MS,
      note: `${RTT_SAMPLES} sequential keep-alive requests × ${ROUNDS} rounds; ${load}`,
    });
    return { name: 'http-toxics', rows };
  } finally {
    await tp.close();
    await server.stop();
  }
}
