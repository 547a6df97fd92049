import type { BenchRow, BenchSection } from './bench-table.js';
import { forkChild, portOf } from './child-process.js';
import { driveLoad, type DriveResult } from './drive-load.js';
import { median, timerLatenessP99 } from './stats.js';

const RATES = [10, 100, 1000, 2000];
const ROUNDS = 3;
const DURATION_MS = 3000;
const MAX_RATE_ERROR = 0.01;
const MAX_SEND_P99_MS = 2;

/**
 * Schedule precision of the load engine at fixed arrival rates against a trivial server (own
 * process): achieved rate (ok answers per measured second) against the target, and the p99 of
 * each request's send error (actual send minus due time, the engine's `sendErrors` histogram).
 * Rates interleaved within each round; medians over the rounds. Beside them, the p99 lateness of
 * a bare 1 ms timer in the same process: the floor the machine itself puts under send errors.
 */
export async function scheduleBench(log: (line: string) => void): Promise<BenchSection> {
  const server = await forkChild('trivial-server.js');
  const url = `http://127.0.0.1:${portOf(server)}`;
  try {
    const runs = new Map<number, DriveResult[]>(RATES.map((r) => [r, []]));
    const noise: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      noise.push(await timerLatenessP99(1000));
      for (const rate of round % 2 === 0 ? RATES : [...RATES].reverse()) {
        const d = await driveLoad(url, rate, DURATION_MS);
        runs.get(rate)!.push(d);
        log(
          `schedule ${rate}/s round ${round + 1}: achieved ${d.achieved.toFixed(1)}, send p99 ${d.sendP99.toFixed(2)} ms`,
        );
      }
    }
    const rows: BenchRow[] = RATES.map((rate) => {
      const rs = runs.get(rate)!;
      const achieved = median(rs.map((d) => d.achieved));
      const p99 = median(rs.map((d) => d.sendP99));
      const err = Math.abs(achieved / rate - 1);
      return {
        measure: `schedule at ${rate} req/s (${DURATION_MS / 1000} s)`,
        goal: `rate ± ${MAX_RATE_ERROR * 100} %, send error p99 < ${MAX_SEND_P99_MS} ms`,
        value: `${achieved.toFixed(1)} req/s, send error p99 ${p99.toFixed(2)} ms`,
        comparison: `bare setTimeout(1) lateness p99 ${median(noise).toFixed(2)} ms`,
        ratio: `${(achieved / rate).toFixed(3)} rate, ${(p99 / median(noise)).toFixed(2)} × timer noise`,
        met: err <= MAX_RATE_ERROR && p99 < MAX_SEND_P99_MS,
        note: `send error p50 ${median(rs.map((d) => d.sendP50)).toFixed(3)} ms, max ${Math.max(...rs.map((d) => d.sendMax)).toFixed(1)} ms; p99 per round ${rs.map((d) => d.sendP99.toFixed(2)).join(' / ')}`,
      };
    });
    return { name: 'schedule', rows };
  } finally {
    await server.stop();
  }
}
