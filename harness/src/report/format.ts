import type { FaultEvent, Outcome, RunResults, Verdict, VerdictStatus } from '../results/index.js';

/** A number for people: integers as they are, otherwise three to four significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return String(Number(value.toPrecision(3)));
}

/** A verdict's measured value with its unit, or `n/a` when it could not be measured. */
export function formatMeasured(verdict: Verdict): string {
  if (verdict.measured === null) return 'n/a';
  return verdict.unit ? `${formatNumber(verdict.measured)} ${verdict.unit}` : formatNumber(verdict.measured);
}

/** Milliseconds since t = 0 as seconds, e.g. `15.02 s`; `—` for a time that never happened. */
export function formatOffset(ms: number | null): string {
  if (ms === null) return '—';
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A latency in ms. */
export function formatMs(ms: number): string {
  return `${formatNumber(ms)} ms`;
}

/** A fraction as a percentage, e.g. `1.25 %`. */
export function formatPercent(fraction: number): string {
  return `${formatNumber(Math.round(fraction * 10000) / 100)} %`;
}

/** Fault parameters as `key=value` pairs in the order they were written. */
export function formatParams(params: FaultEvent['params']): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

/** Scheduled window of a fault, e.g. `15.00 s – 35.00 s`. */
export function formatScheduled(f: FaultEvent): string {
  return `${formatOffset(f.scheduledAtMs)} – ${formatOffset(f.scheduledEndMs)}`;
}

/** Actual window of a fault, or why it has none. */
export function formatActual(f: FaultEvent): string {
  if (f.appliedAtMs === null) return f.error ? `never applied: ${f.error}` : 'never applied';
  const end = f.revertedAtMs === null ? 'not reverted' : formatOffset(f.revertedAtMs);
  return `${formatOffset(f.appliedAtMs)} – ${end}`;
}

export const STATUS_ICON: Record<VerdictStatus, string> = { pass: '✓', fail: '✗', error: '!' };

export const OUTCOME_ICON: Record<Outcome, string> = {
  passed: '✅',
  failed: '❌',
  inconclusive: '⚠️',
  error: '💥',
  interrupted: '⏹️',
};

/** The scenario's name, and which repetition this run was under `run --repeat N`. */
export function runTitle(r: RunResults): string {
  return r.run.repetition
    ? `${r.scenario.name} (repetition ${r.run.repetition.index}/${r.run.repetition.of})`
    : r.scenario.name;
}
