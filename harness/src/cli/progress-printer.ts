import { breakerStateIn, type BreakerRead, type Observation, type RouteSecond } from '../results/index.js';

/** How progress is shown: nothing, one live line rewritten in place (a TTY), or plain lines. */
export type ProgressMode = 'quiet' | 'live' | 'plain';

export interface ProgressOptions {
  mode: ProgressMode;
  /** ANSI colours on the live line (the caller applies NO_COLOR / FORCE_COLOR). */
  color: boolean;
  /** Measured seconds of the run, for `elapsed / total`. */
  durationS: number;
  /** The scenario's faults, to name those scheduled to be active. */
  faults: readonly { name: string; atMs: number; forMs: number }[];
  /** The breakers the checks watch, each read as its check reads it (any metric, or JSON). */
  breakers?: readonly BreakerRead[];
  stream?: NodeJS.WritableStream & { columns?: number };
  now?: () => Date;
}

const STATE_VALUE = { closed: 0, open: 1, half_open: 2 } as const;

const CLEAR_LINE = '\r\u001b[2K';

/**
 * Progress on stderr, so stdout stays for the verdict. Event lines (faults applied and reverted,
 * start-up, rollback) are timestamped. On a TTY a status line (elapsed / total, req/s, p99,
 * error %, active faults) is rewritten in place every second under them; off a TTY the same
 * status is a plain line every 5 s, which keeps CI logs short.
 */
export class ProgressPrinter {
  private status = '';
  /**
   * `service→upstream` → last seen state (0 closed, 1 open, 2 half-open): of each checked breaker
   * as its check reads it, of any other from the sample mesh's `circuit_breaker_state`.
   */
  private readonly breakers = new Map<string, number>();
  private readonly stream: NodeJS.WritableStream & { columns?: number };
  private readonly now: () => Date;

  constructor(private readonly opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.now = opts.now ?? (() => new Date());
  }

  readonly log = (line: string): void => {
    if (this.opts.mode === 'quiet') return;
    const stamped = `[${this.now().toISOString().slice(11, 19)}] ${line}\n`;
    if (this.opts.mode === 'live' && this.status) this.stream.write(CLEAR_LINE + stamped + this.status);
    else this.stream.write(stamped);
  };

  readonly onSecond = (seconds: RouteSecond[]): void => {
    const t = seconds[0]?.t;
    if (t === undefined || this.opts.mode === 'quiet') return;
    if (this.opts.mode === 'plain') {
      if ((t + 1) % 5 === 0) this.log(`t=${t + 1}s ${perRoute(seconds)}`);
      return;
    }
    this.status = this.fit(this.statusLine(t, seconds));
    this.stream.write(CLEAR_LINE + this.status);
  };

  readonly onObservation = (o: Observation): void => {
    const checked = (this.opts.breakers ?? []).filter((b) => b.service === o.service);
    for (const [key, value] of Object.entries(o.metrics)) {
      const upstream = /^circuit_breaker_state\{.*upstream="([^"]*)"/.exec(key)?.[1];
      if (upstream !== undefined && !checked.some((b) => b.upstream === upstream))
        this.breakers.set(`${o.service}→${upstream}`, value);
    }
    for (const b of checked) {
      const state = breakerStateIn(o.metrics, b.metric);
      if (state !== undefined) this.breakers.set(`${b.service}→${b.upstream}`, STATE_VALUE[state]);
    }
  };

  /** Clears the live line; call before printing the verdict. */
  done(): void {
    if (this.opts.mode === 'live' && this.status) this.stream.write(CLEAR_LINE);
    this.status = '';
  }

  /** The breakers that are not closed, e.g. `open: orders→payments`. */
  private breakerStates(paint: (code: string, text: string) => string): string[] {
    const named = (state: number): string[] =>
      [...this.breakers].filter(([, v]) => v === state).map(([k]) => k);
    const open = named(1);
    const halfOpen = named(2);
    return [
      ...(open.length > 0 ? [paint('31', `open: ${open.join(', ')}`)] : []),
      ...(halfOpen.length > 0 ? [paint('33', `half-open: ${halfOpen.join(', ')}`)] : []),
    ];
  }

  private statusLine(t: number, seconds: readonly RouteSecond[]): string {
    const sent = seconds.reduce((a, s) => a + s.sent, 0);
    const failed = seconds.reduce((a, s) => a + s.failed, 0);
    const p99 = Math.max(0, ...seconds.map((s) => s.latency.p99));
    const errPct = sent > 0 ? (100 * failed) / sent : 0;
    const nowMs = (t + 1) * 1000;
    const active = this.opts.faults
      .filter((f) => f.atMs < nowMs && nowMs <= f.atMs + f.forMs)
      .map((f) => f.name);
    const paint = (code: string, text: string): string =>
      this.opts.color ? `\u001b[${code}m${text}\u001b[0m` : text;
    const err = `err ${errPct.toFixed(1)} %`;
    return [
      paint('1', `${t + 1}/${this.opts.durationS} s`),
      `${sent} req/s`,
      `p99 ${Math.round(p99)} ms`,
      errPct > 0 ? paint('31', err) : err,
      active.length > 0 ? paint('33', `faults: ${active.join(', ')}`) : 'no fault active',
      ...this.breakerStates(paint),
    ].join(' · ');
  }

  /** Cuts the line to the terminal's width so rewriting it never wraps onto a second line. */
  private fit(line: string): string {
    const width = this.stream.columns ?? 0;
    if (width <= 0) return line;
    // eslint-disable-next-line no-control-regex
    const visible = line.replace(/\u001b\[[0-9;]*m/g, '');
    if (visible.length < width) return line;
    return visible.slice(0, Math.max(0, width - 2)) + '…';
  }
}

function perRoute(seconds: readonly RouteSecond[]): string {
  return seconds
    .map((s) => {
      const errPct = s.sent > 0 ? ((100 * s.failed) / s.sent).toFixed(1) : '0.0';
      return `${s.route} ${s.sent} req/s p99 ${s.latency.p99} ms err ${errPct}%`;
    })
    .join(' | ');
}
