import type { CellStatus, ExploreResults } from './explore-model.js';
import { describeReadings } from './row-instrument.js';

const MARK: Record<CellStatus, string> = { pass: '✓', degraded: '◐', fail: '✗', inconclusive: '?' };
const COLOR: Record<CellStatus, string> = { pass: '32', degraded: '33', fail: '31', inconclusive: '35' };

/**
 * The resilience map for a terminal: one line per fault, one column per route (✓ pass,
 * ◐ degraded, ✗ fail, ? inconclusive), then recovery time and notes; left-out cells and the
 * outcome below. Pure.
 */
export function renderMap(r: ExploreResults, opts: { color: boolean }): string {
  const paint = (s: CellStatus, text: string): string =>
    opts.color ? `\x1b[${COLOR[s]}m${text}\x1b[0m` : text;
  const idWidth = Math.max(5, ...r.rows.map((row) => row.id.length));
  const widths = r.routes.map((route) => Math.max(route.length, 1));
  const lines = [
    `${'fault'.padEnd(idWidth)}  ${r.routes.map((route, i) => route.padEnd(widths[i]!)).join('  ')}  recovery`,
  ];
  for (const row of r.rows) {
    const cells = r.routes.map((route, i) => {
      const cell = row.cells.find((c) => c.route === route);
      const status = cell?.status ?? row.status;
      return paint(status, MARK[status].padEnd(widths[i]!));
    });
    const recovery = row.recoveryMs === null ? 'none' : `${(row.recoveryMs / 1000).toFixed(1)} s`;
    const notes = [
      row.effect.confirmed ? '' : 'fault not confirmed',
      row.restarted ? 'mesh restarted' : '',
      row.instrument?.tooBusy.length
        ? `too busy to measure: ${describeReadings(row.instrument.readings)}`
        : '',
      row.replay ? `replay: ${row.replay}` : '',
      row.error ?? '',
    ].filter(Boolean);
    lines.push(
      `${row.id.padEnd(idWidth)}  ${cells.join('  ')}  ${recovery.padEnd(8)}${notes.length ? `  ${notes.join('; ')}` : ''}`,
    );
  }
  const count = (s: CellStatus): number =>
    r.rows.flatMap((row) => row.cells).filter((c) => c.status === s).length;
  lines.push(
    `${r.rows.length} faults × ${r.routes.length} routes: ${count('pass')} pass, ${count('degraded')} degraded, ${count('fail')} fail, ${count('inconclusive')} inconclusive${r.restarts ? `; mesh restarted ${r.restarts}×` : ''}`,
  );
  const busy = r.rows.filter((row) => row.instrument?.tooBusy.length).length;
  if (busy > 0)
    lines.push(
      `${busy} ${busy === 1 ? 'fault' : 'faults'} judged inconclusive: the machine was too busy to measure (docs/checks.md, instrument)`,
    );
  if (r.pairs) {
    lines.push(`pairs: ${r.pairs.tried} tried, ${r.pairs.skipped.length} skipped`);
    for (const p of r.pairs.skipped) lines.push(`  skipped ${p.id}: ${p.reason}`);
  }
  if (r.leftOut.length > 0) {
    lines.push(`left out (${r.leftOut.length}):`);
    for (const l of r.leftOut) lines.push(`  ${l.id}: ${l.reason}`);
  }
  for (const e of r.errors) lines.push(`error: ${e}`);
  lines.push(`explore ${r.outcome} (exit ${r.exitCode}), seed ${r.seed}`);
  return lines.join('\n');
}
