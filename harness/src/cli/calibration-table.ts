import { formatValue, rangeText, type Calibration, type MeasuredRange } from '../checks/index.js';

/**
 * What `faultline calibrate` prints: one block per check with its limit, what each variant
 * measured, the proposed limit, and why the current one is flagged.
 *
 * ```
 * ✗ http_req_duration{route:checkout,phase:fault} p(90)<250
 *     limit < 250   healthy 7.5–9 ms (3/3 pass)   broken 164–316 ms (1/3 pass)   proposed < 40
 *     the limit < 250 is inside the broken range (164–316 ms)
 * ```
 */
export function calibrationTable(calibrations: readonly Calibration[], opts: { broken: boolean }): string {
  const lines: string[] = [];
  for (const c of calibrations) {
    const fmt = (v: number): string => formatValue(v, c.unit);
    const mark = c.flags.length > 0 ? '✗' : c.catches ? '✓' : '·';
    lines.push(`${mark} ${c.name}`);
    const parts = [`limit ${c.limit || '—'}`, `healthy ${side(c.healthy, fmt)}`];
    if (opts.broken) parts.push(`broken ${side(c.broken, fmt)}`);
    parts.push(c.proposed ? `proposed ${c.proposed}` : `no proposal: ${c.noProposal ?? '—'}`);
    lines.push(`    ${parts.join('   ')}`);
    for (const flag of c.flags) lines.push(`    ${flag}`);
  }
  const flagged = calibrations.filter((c) => c.flags.length > 0).length;
  const catching = calibrations.filter((c) => c.catches).length;
  lines.push(
    '',
    `${calibrations.length} checks: ${flagged} flagged` +
      (opts.broken ? `, ${catching} catch the broken variant in every run` : '') +
      ' (✗ flagged, ✓ catches the broken variant, · neither)',
  );
  return lines.join('\n');
}

function side(r: MeasuredRange | undefined, fmt: (v: number) => string): string {
  if (!r) return '—';
  return `${rangeText(r, fmt)} (${r.passed}/${r.runs} pass)`;
}
