import { formatDuration, type FaultSpec } from '../scenario/index.js';

/** Widest chart, in columns; longer runs get several seconds per column. */
const MAX_COLUMNS = 60;

/**
 * The fault timeline as text: one lane per fault over the measured seconds of the run, `█` where
 * the fault is active during (part of) that column, `·` where it is not, under an axis of seconds.
 *
 * ```
 *                  0s   5s   10s  15s
 * slow payments    ····██████······  latency orders->payments 1000ms ±50ms
 * ```
 */
export function faultChart(
  faults: readonly FaultSpec[],
  durationMs: number,
  describe: (f: FaultSpec) => string,
): string {
  const seconds = Math.max(1, Math.ceil(durationMs / 1000));
  const perColumn = Math.ceil(seconds / MAX_COLUMNS);
  const columns = Math.ceil(seconds / perColumn);
  const labelWidth = Math.min(28, Math.max(6, ...faults.map((f) => f.name.length))) + 2;
  const lanes = faults.map((f) => {
    let lane = '';
    for (let c = 0; c < columns; c++) {
      const start = c * perColumn * 1000;
      const end = Math.min(durationMs, (c + 1) * perColumn * 1000);
      lane += f.atMs < end && f.atMs + f.forMs > start ? '█' : '·';
    }
    return `${clip(f.name, labelWidth - 2).padEnd(labelWidth)}${lane}  ${describe(f)}`;
  });
  return [' '.repeat(labelWidth) + axis(columns, perColumn), ...lanes].join('\n');
}

/** Tick labels every 5 columns: `0s   5s   10s`. */
function axis(columns: number, perColumn: number): string {
  let out = '';
  for (let c = 0; c < columns; c += 5) {
    const label = formatDuration(c * perColumn * 1000);
    out = out.padEnd(c) + label;
  }
  return out;
}

function clip(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}
