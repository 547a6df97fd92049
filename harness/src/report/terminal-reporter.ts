import type { Outcome, RunResults, VerdictStatus } from '../results/index.js';
import { STATUS_ICON, formatActual, formatMeasured, formatParams, runTitle } from './format.js';

export interface TerminalOptions {
  /** ANSI colours; off unless asked for (see `colorWanted`). */
  color?: boolean;
}

/**
 * Whether to colour terminal output: `NO_COLOR` (set and non-empty) turns it off, `FORCE_COLOR`
 * (set, not `0`) turns it on, otherwise only on a TTY.
 */
export function colorWanted(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (env['NO_COLOR']) return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return isTTY;
}

const RESET = '\u001b[0m';
const CODES = {
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
};
type Style = keyof typeof CODES;

const OUTCOME_STYLE: Record<Outcome, Style> = {
  passed: 'green',
  failed: 'red',
  inconclusive: 'yellow',
  error: 'red',
  interrupted: 'yellow',
};
const STATUS_STYLE: Record<VerdictStatus, Style> = { pass: 'green', fail: 'red', error: 'yellow' };

/** A few lines for the end of `faultline run`: the verdict, each check, the faults, any errors. */
export function renderTerminalSummary(results: RunResults, opts: TerminalOptions = {}): string {
  const paint = (style: Style, text: string): string =>
    opts.color ? `${CODES[style]}${text}${RESET}` : text;
  const lines: string[] = [];
  lines.push(
    `${paint('bold', paint(OUTCOME_STYLE[results.outcome], results.outcome.toUpperCase()))} ${plain(runTitle(results))} ${paint('dim', `(exit code ${results.exitCode}, seed ${results.scenario.seed})`)}`,
  );
  for (const v of results.verdicts) {
    const detail =
      v.status === 'error'
        ? `could not be evaluated: ${plain(v.evidence)}`
        : `${formatMeasured(v)} (limit ${plain(v.limit)})${v.status === 'fail' ? ` — ${plain(firstClause(v.evidence))}` : ''}`;
    const phase = v.phase ? paint('dim', ` [${plain(v.phase)}]`) : '';
    lines.push(
      `  ${paint(STATUS_STYLE[v.status], STATUS_ICON[v.status])} ${plain(v.name)}${phase}  ${detail}`,
    );
  }
  if (results.faults.length > 0) {
    lines.push('faults:');
    for (const f of results.faults) {
      const params = formatParams(f.params);
      lines.push(
        `  ${plain(f.name)}: ${plain(f.type)} on ${plain(f.target)}${params ? ` (${plain(params)})` : ''}, ${plain(formatActual(f))}`,
      );
    }
  }
  for (const w of results.warnings ?? []) lines.push(paint('yellow', `warning: ${plain(w)}`));
  // An error may carry a log's last lines (a start-up failure's hint): keep them as lines.
  for (const e of results.errors) lines.push(paint('red', `error: ${e.split('\n').map(plain).join('\n  ')}`));
  return lines.join('\n') + '\n';
}

/** The longest a failed check's reason may be on its line; the report has the whole evidence. */
const REASON_CHARS = 160;

/**
 * Why a check failed, for its one line: the evidence up to its first `; ` (evaluators put the
 * reason first, e.g. "closed again at 8.07 s while the fault lasted"), shortened if long.
 */
export function firstClause(evidence: string): string {
  const clause = evidence.split('; ')[0] ?? '';
  return clause.length > REASON_CHARS ? `${clause.slice(0, REASON_CHARS - 1)}…` : clause;
}

/** Drops control characters (escape sequences included) from text the scenario or a service wrote. */
function plain(text: string): string {
  return Array.from(text)
    .filter((c) => {
      const code = c.charCodeAt(0);
      return code === 0x09 || (code >= 0x20 && code !== 0x7f && (code < 0x80 || code > 0x9f));
    })
    .join('');
}
