import type { RunResults } from '../results/index.js';
import { escapeMarkdownCell as cell, escapeMarkdownText } from './escaping.js';
import {
  OUTCOME_ICON,
  STATUS_ICON,
  formatActual,
  formatMeasured,
  formatMs,
  formatNumber,
  formatParams,
  formatPercent,
  formatScheduled,
  runTitle,
} from './format.js';
import { routeTotals } from './route-totals.js';

/** GitHub caps a job summary at 1 MiB; stay clearly below it. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 4096;
const CELL_MAX = 300;

/**
 * A GitHub-flavoured Markdown summary (for `$GITHUB_STEP_SUMMARY`): verdict line, checks,
 * faults with scheduled and actual times, and per-route totals. Always below 1 MiB: long cells
 * are cut and, if still too large, tables keep their first rows and say how many were left out.
 * `maxBytes` lowers the cap when several runs share one job summary.
 */
export function renderSummaryMarkdown(results: RunResults, maxBytes: number = SUMMARY_MAX_BYTES): string {
  let maxRows = Number.POSITIVE_INFINITY;
  for (;;) {
    const text = render(results, maxRows);
    if (Buffer.byteLength(text, 'utf8') <= maxBytes || maxRows === 0) return text;
    maxRows = Number.isFinite(maxRows) ? Math.floor(maxRows / 2) : 1000;
  }
}

function render(r: RunResults, maxRows: number): string {
  const out: string[] = [];
  out.push(
    `## ${OUTCOME_ICON[r.outcome]} ${escapeMarkdownText(runTitle(r))}: ${r.outcome} (exit code ${r.exitCode})`,
    '',
  );
  if (r.scenario.description) out.push(`> ${escapeMarkdownText(r.scenario.description)}`, '');
  const pass = r.verdicts.filter((v) => v.status === 'pass').length;
  out.push(
    `**${pass} of ${r.verdicts.length} checks passed** · seed ${r.scenario.seed} · ${formatNumber(r.run.durationMs / 1000)} s measured · run \`${r.run.id.replace(/`/g, '')}\``,
    '',
  );
  if (r.errors.length > 0) {
    out.push(
      '### Harness errors',
      '',
      ...r.errors.slice(0, maxRows).map((e) => `- ${escapeMarkdownText(clip(e))}`),
      '',
    );
  }
  const warnings = r.warnings ?? [];
  if (warnings.length > 0) {
    out.push(
      '### Warnings',
      '',
      ...warnings.slice(0, maxRows).map((w) => `- ${escapeMarkdownText(clip(w))}`),
      '',
    );
  }
  out.push('### Checks', '');
  out.push(
    ...table(
      ['', 'Check', 'Measured', 'Limit', 'Phase', 'Evidence'],
      r.verdicts.map((v) => [
        STATUS_ICON[v.status],
        v.name,
        formatMeasured(v),
        v.limit,
        v.phase ?? 'all',
        v.evidence,
      ]),
      maxRows,
      'No checks were evaluated.',
    ),
  );
  out.push('### Faults', '');
  out.push(
    ...table(
      ['Fault', 'Type', 'Target', 'Parameters', 'Scheduled', 'Actual'],
      r.faults.map((f) => [
        f.name,
        f.type,
        f.target,
        formatParams(f.params) || '—',
        formatScheduled(f),
        formatActual(f),
      ]),
      maxRows,
      'No faults were scheduled.',
    ),
  );
  out.push('### Routes', '');
  out.push(
    ...table(
      ['Route', 'Request', 'Requests', 'Error rate', 'p50', 'p95', 'p99', 'max'],
      routeTotals(r).map((t) => [
        t.route.name,
        `${t.route.method} ${t.route.path}`,
        String(t.sent),
        formatPercent(t.errorRate),
        formatMs(t.latency.p50),
        formatMs(t.latency.p95),
        formatMs(t.latency.p99),
        formatMs(t.latency.max),
      ]),
      maxRows,
      'No routes were driven.',
    ),
  );
  return out.join('\n');
}

function table(head: string[], rows: string[][], maxRows: number, empty: string): string[] {
  if (rows.length === 0) return [empty, ''];
  const line = (cells: string[]): string => `| ${cells.map((c) => cell(clip(c))).join(' | ')} |`;
  const shown = rows.slice(0, maxRows);
  const lines = [line(head), `|${head.map(() => ' --- ').join('|')}|`, ...shown.map(line), ''];
  if (shown.length < rows.length) lines.push(`… and ${rows.length - shown.length} more in report.html`, '');
  return lines;
}

function clip(text: string): string {
  if (text.length <= CELL_MAX) return text;
  return `${Array.from(text)
    .slice(0, CELL_MAX - 1)
    .join('')}…`;
}
