import { describeSloResult, evaluateEffect, measureSlo, windowStats } from '../checks/index.js';
import {
  secondOverlaps,
  type FaultEvent,
  type InstrumentReadings,
  type RouteSecond,
  type WindowStats,
} from '../results/index.js';
import type { FaultSpec } from '../scenario/index.js';
import type { CellStatus, ExploreCell, ExploreRow } from './explore-model.js';
import { judgeInstrument, tooBusy } from './row-instrument.js';
import { meets, steadySince, type SteadyState } from './steady-state.js';

/** What one explored fault is judged on; times in ms and seconds t since the session's t = 0. */
export interface RowInput {
  id: string;
  /** One fault, or two tried together (`--depth 2`). */
  faults: readonly FaultSpec[];
  /** The faults as applied, in the same order, with the probe's evidence on `effect`. */
  events: readonly FaultEvent[];
  /** Every second of the session so far (all routes). */
  seconds: readonly RouteSecond[];
  steady: SteadyState;
  /** Judged routes, in the load's order. */
  routes: readonly string[];
  unaffected: readonly string[];
  baseline: Readonly<Record<string, WindowStats>>;
  /** Seconds of load that must meet the steady state for a route to count as recovered. */
  settleS: number;
  /** The mesh was restarted after this fault: the steady state did not return in time. */
  restarted: boolean;
  /** ms between the session's t = 0 and the exploration's, so the map has one time axis. */
  offsetMs: number;
  /** The harness's measurement quality over the fault's window; absent: not measured. */
  instrument?: InstrumentReadings;
}

const ORDER: readonly CellStatus[] = ['pass', 'degraded', 'inconclusive', 'fail'];

/** The worse of two statuses: fail, then inconclusive, then degraded, then pass. */
export function worse(a: CellStatus, b: CellStatus): CellStatus {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/**
 * Judges one explored fault: per route, its SLO over the seconds overlapping the fault, whether
 * fallback answers came back, and when it met its steady state again after the revert. A fault
 * whose effect is not confirmed makes every cell inconclusive, never green. Pure.
 */
export function judgeRow(input: RowInput): ExploreRow {
  const { events } = input;
  const effectVerdicts = evaluateEffect({ seconds: input.seconds, faults: events });
  const confirmed = effectVerdicts.every((v) => v.status === 'pass');
  // Every fault in place: from the last apply to the first revert.
  const applies = events.map((e) => e.appliedAtMs);
  const reverts = events.map((e) => e.revertedAtMs);
  const applied = applies.includes(null) ? null : Math.max(...(applies as number[]));
  const reverted = reverts.includes(null) ? null : Math.min(...(reverts as number[]));
  const instrument = input.instrument ? judgeInstrument(input.instrument) : undefined;
  const cells =
    applied === null || reverted === null
      ? []
      : input.routes.map((route) =>
          tooBusy(judgeCell(input, route, applied, reverted, confirmed), instrument),
        );
  const status = cells.reduce<CellStatus>(
    (s, c) => worse(s, c.status),
    applied === null || reverted === null ? 'inconclusive' : 'pass',
  );
  const recoveries = cells.map((c) => c.recoveryMs);
  const shift = (ms: number | null): number | null => (ms === null ? null : ms + input.offsetMs);
  return {
    id: input.id,
    fault: input.faults[0]!,
    ...(input.faults[1] ? { pair: input.faults[1] } : {}),
    status,
    appliedAtMs: shift(applied),
    revertedAtMs: shift(reverted),
    effect: {
      confirmed,
      evidence: effectVerdicts.map(
        (v) => `${v.name}: ${v.status === 'pass' ? 'yes' : 'not confirmed'} — ${v.evidence}`,
      ),
      ...(events[0]?.effect ? { raw: events[0].effect } : {}),
    },
    recoveryMs:
      recoveries.some((r) => r === null) || cells.length === 0
        ? null
        : Math.max(0, ...(recoveries as number[])),
    ...(instrument ? { instrument } : {}),
    restarted: input.restarted,
    blastRadius: cells.filter((c) => c.status === 'fail').map((c) => c.route),
    cells,
    ...(events.some((e) => e.error) ? { error: events.flatMap((e) => e.error ?? []).join('; ') } : {}),
  };
}

function judgeCell(
  input: RowInput,
  route: string,
  applied: number,
  reverted: number,
  confirmed: boolean,
): ExploreCell {
  const mine = input.seconds.filter((s) => s.route === route);
  const window = { name: input.id, startMs: applied, endMs: reverted };
  const during = mine.filter((s) => secondOverlaps(s.t, window));
  const stats = windowStats(during);
  const degraded = during.reduce((n, s) => n + (s.degraded ?? 0), 0);
  const terms = input.steady.get(route) ?? [];
  const results = measureSlo(during, terms);
  const base = input.baseline[route];
  const delta = (a: number | null, b: number | null | undefined, per: number): number | null =>
    a === null || b === null || b === undefined ? null : Math.round((a - b) * per) / per;
  const firstAfter = Math.ceil(reverted / 1000);
  const back = steadySince(mine, input.steady, [route], firstAfter, input.settleS);
  const recoveryMs = back === null ? null : Math.max(0, back * 1000 - reverted);
  const measured = results.map(describeSloResult).join(', ');
  let status: CellStatus;
  let why: string;
  if (!confirmed) [status, why] = ['inconclusive', 'the fault was not confirmed to take effect'];
  else if (stats.requests === 0) [status, why] = ['inconclusive', 'no request completed during the fault'];
  else if (!meets(during, terms)) [status, why] = ['fail', 'missed its steady state during the fault'];
  else if (back === null) [status, why] = ['fail', 'did not meet its steady state again after the revert'];
  else if (degraded > 0 && input.unaffected.includes(route))
    [status, why] = ['fail', `${degraded} fallback answers on a route that must stay unaffected`];
  else if (degraded > 0) [status, why] = ['degraded', `${degraded} fallback answers`];
  else [status, why] = ['pass', 'met its steady state'];
  const from = Math.floor(applied / 1000) - input.settleS;
  const to = back === null ? Math.max(...mine.map((s) => s.t)) : back + input.settleS - 1;
  return {
    route,
    status,
    during: { ...stats, degraded },
    addedP99Ms: delta(stats.p99Ms, base?.p99Ms, 1000),
    addedErrorRate: delta(stats.errorRate, base?.errorRate, 1e6),
    recoveryMs,
    evidence: `${why}: ${measured || 'no SLO'} over ${stats.requests} requests`,
    series: mine
      .filter((s) => s.t >= from && s.t <= to)
      .map((s) => {
        const n = s.ok + s.failed;
        return {
          t: s.t - Math.floor(applied / 1000),
          p99Ms: n > 0 ? s.latency.p99 : null,
          errorRate: n > 0 ? s.failed / n : null,
        };
      }),
  };
}
