/**
 * Progress of an exploration on stderr: on a TTY one line rewritten in place (cell i of n, the
 * fault under way, ETA) with log lines printed above it; otherwise plain lines, one per cell.
 */
export class ExploreProgress {
  private status = '';

  constructor(private readonly opts: { mode: 'live' | 'plain' | 'quiet'; write?: (s: string) => void }) {}

  private write(s: string): void {
    (this.opts.write ?? ((t: string) => process.stderr.write(t)))(s);
  }

  log(line: string): void {
    if (this.opts.mode === 'quiet') return;
    if (this.opts.mode === 'live' && this.status) this.write(`\r\x1b[2K${line}\n${this.status}`);
    else this.write(`${line}\n`);
  }

  onProgress(p: { done: number; total: number; next?: string; etaMs: number }): void {
    const text = `[${p.done + 1}/${p.total}] ${p.next ?? ''} · ETA ${eta(p.etaMs)}`;
    if (this.opts.mode === 'live') {
      this.status = `${bar(p.done, p.total)} ${text}`;
      this.write(`\r\x1b[2K${this.status}`);
    } else if (this.opts.mode === 'plain') this.write(`explore ${text}\n`);
  }

  done(): void {
    if (this.opts.mode === 'live' && this.status) this.write('\r\x1b[2K');
    this.status = '';
  }
}

function bar(done: number, total: number): string {
  const width = 20;
  const full = Math.round((done / Math.max(1, total)) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

/** `1m20s`, `45s`. */
export function eta(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
