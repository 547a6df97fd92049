import type { ProbeSample, RunResults } from '../results/index.js';
import { escapeHtml as h } from './escaping.js';

/** Samples shown per probe at most; results.json has them all. */
const MAX_ROWS = 120;

/** What one sample showed, in a few words: `200 {"state":"open"}`, `exit 1`, `ECONNREFUSED`. */
export function describeSample(s: ProbeSample): string {
  if (s.error !== undefined) return s.error;
  const body = s.body === undefined ? '' : ` ${JSON.stringify(s.body).slice(0, 80)}`;
  return s.status !== undefined ? `${s.status}${body}` : `exit ${s.exit ?? '?'}`;
}

/** The samples of each `checks.probes` entry, one small table per probe; nothing without probes. */
export function probesSection(r: RunResults): string {
  const probes = r.probes ?? [];
  if (probes.length === 0) return '';
  const tables = probes.map((p) => {
    const rows = p.samples
      .slice(0, MAX_ROWS)
      .map(
        (s) =>
          `<tr><td class="num">${(s.tMs / 1000).toFixed(1)}</td><td>${h(describeSample(s))}</td><td class="num">${s.ms}</td></tr>`,
      )
      .join('');
    const more =
      p.samples.length > MAX_ROWS
        ? `<p class="note">${p.samples.length - MAX_ROWS} more samples in results.json</p>`
        : '';
    return `<h3>${h(p.name)}: <code>${h(p.target)}</code> (${p.samples.length} samples)</h3>
<table class="probe"><thead><tr><th>t (s)</th><th>answer</th><th>ms</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
  });
  return `<section id="probes"><h2>Probes</h2>\n${tables.join('\n')}</section>`;
}
