import type { RouteSecond } from '../results/index.js';

/**
 * Progress on stderr, so stdout stays for the verdict: a timestamped line per event, and a
 * one-line load status every 5 s.
 */
export class ProgressPrinter {
  constructor(private readonly quiet: boolean) {}

  readonly log = (line: string): void => {
    if (!this.quiet) process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  };

  readonly onSecond = (seconds: RouteSecond[]): void => {
    const t = seconds[0]?.t;
    if (t === undefined || (t + 1) % 5 !== 0) return;
    const parts = seconds.map((s) => {
      const errPct = s.sent > 0 ? ((100 * s.failed) / s.sent).toFixed(1) : '0.0';
      return `${s.route} ${s.sent} req/s p99 ${s.latency.p99} ms err ${errPct}%`;
    });
    this.log(`t=${t + 1}s ${parts.join(' | ')}`);
  };
}
