import type { FaultEvent, Observation, RouteSecond, Verdict } from '../results/index.js';
import {
  breakerSamples,
  describeSelector,
  describeTransitions,
  seconds,
  transitionsOf,
  type BreakerSample,
} from './breaker-states.js';
import type { BreakerCheck } from './check-specs.js';
import { appliedWindow, faultLabel, pickFaults, type AppliedWindow } from './fault-selection.js';
import { formatValue } from './format-value.js';
import { nearestMetricHint } from './nearest-metric.js';
import { measureSlo } from './slo.js';
import type { ParsedThreshold } from './threshold-parser.js';

/** What breaker checks are judged on. */
export interface BreakerInput {
  seconds: readonly RouteSecond[];
  faults: readonly FaultEvent[];
  observations: readonly Observation[];
  /** Every metric name each service exposed, for a did-you-mean when the breaker's has no samples. */
  exposedMetrics?: Readonly<Record<string, readonly string[]>>;
}

/** The faults a breaker check watches by default: those on an edge into its upstream, or a crash of it. */
export function faultsIntoUpstream(upstream: string): (f: FaultEvent) => boolean {
  return (f) => f.target.endsWith(`->${upstream}`) || f.target === upstream;
}

/**
 * Judges each breaker check against each fault it watches, with two verdicts per fault:
 * `breaker-open` (measured: ms from the fault taking effect to the first sample showing the
 * breaker open; it must then not show closed while the fault lasts) and `breaker-close`
 * (measured: ms from the fault's revert to the first sample showing it closed), plus
 * `breaker-fail-fast` when the check asks for it. Pure. States are read from observations,
 * sampled every ~500 ms, so times are late by up to one sampling interval.
 */
export function evaluateBreakers(input: BreakerInput, checks: readonly BreakerCheck[]): Verdict[] {
  return checks.flatMap((check) => {
    const edge = `${check.service}->${check.upstream}`;
    const { picked, missing } = pickFaults(input.faults, check.fault, faultsIntoUpstream(check.upstream));
    const base = {
      kind: 'breaker-open' as const,
      name: `breaker ${edge} opens within ${fmt(check.opensWithinMs)}`,
    };
    if (missing !== undefined || picked.length === 0) {
      const why =
        missing !== undefined
          ? `the run has no fault named "${missing}"`
          : `no fault targets an edge into ${check.upstream}`;
      return [
        {
          ...base,
          id: `breaker:${edge}:open`,
          status: 'error',
          measured: null,
          unit: 'ms',
          limit: `<= ${check.opensWithinMs}`,
          evidence: `${why}, so nothing to judge`,
        },
      ];
    }
    const samples = breakerSamples(input.observations, check.service, check.metric);
    return picked.flatMap((f) => judgeFault(input, check, edge, f, samples));
  });
}

function judgeFault(
  input: BreakerInput,
  check: BreakerCheck,
  edge: string,
  f: FaultEvent,
  samples: BreakerSample[],
): Verdict[] {
  const suffix = ` (${faultLabel(f)})`;
  const open = {
    id: `breaker:${edge}:open:${f.name}`,
    kind: 'breaker-open' as const,
    name: `breaker ${edge} opens within ${fmt(check.opensWithinMs)}${suffix}`,
    unit: 'ms',
    limit: `<= ${check.opensWithinMs}`,
  };
  const close = {
    id: `breaker:${edge}:close:${f.name}`,
    kind: 'breaker-close' as const,
    name: `breaker ${edge} closes within ${fmt(check.closesWithinMs)}${suffix}`,
    unit: 'ms',
    limit: `<= ${check.closesWithinMs}`,
  };
  const w = appliedWindow(f);
  const cannot = (why: string): Verdict[] => [
    { ...open, status: 'error', measured: null, evidence: why },
    { ...close, status: 'error', measured: null, evidence: why },
    ...failFastNotJudged(check, edge, f, why),
  ];
  if (!w) return cannot(`${faultLabel(f)} never took effect, so nothing to judge`);
  if (samples.length === 0) {
    return cannot(
      `no samples of ${describeSelector(check.metric)} from service ${check.service}${nearestMetricHint(check.metric.name, input.exposedMetrics, [check.service])}; check the metric name, labels and states`,
    );
  }
  const before = [...samples].reverse().find((s) => s.tMs <= w.startMs);
  const window = `fault from ${seconds(w.startMs)} to ${seconds(w.endMs)}`;
  const shown = transitionsOf(samples).filter(
    (t) => t.tMs >= w.startMs && t.tMs <= w.endMs + check.closesWithinMs,
  );
  const evidence = `${window}; state at start: ${before?.state ?? 'unknown'}; ${describeTransitions(shown)}`;
  const firstOpen =
    before?.state === 'open'
      ? { tMs: w.startMs }
      : samples.find((s) => s.tMs >= w.startMs && s.tMs < w.endMs && s.state === 'open');
  const verdicts: Verdict[] = [];
  if (!firstOpen) {
    verdicts.push({
      ...open,
      status: 'fail',
      measured: null,
      evidence: `never seen open during the fault; ${evidence}`,
    });
    verdicts.push({
      ...close,
      status: 'fail',
      measured: null,
      evidence: `never opened, so it could not close; ${evidence}`,
    });
    verdicts.push(...failFastNotJudged(check, edge, f, 'the breaker never opened during the fault'));
  } else {
    const toOpen = firstOpen.tMs - w.startMs;
    const closings = samples.filter((s) => s.tMs > firstOpen.tMs && s.tMs < w.endMs && s.state === 'closed');
    const relapse = check.reopens
      ? closings.find((c) => !reopenedAfter(samples, c.tMs, check.opensWithinMs, w.endMs))
      : closings[0];
    const inTime = toOpen <= check.opensWithinMs;
    const status = inTime && !relapse ? 'pass' : 'fail';
    const why = relapse
      ? check.reopens
        ? `closed at ${seconds(relapse.tMs)} while the fault lasted and not open again within ${fmt(check.opensWithinMs)}; `
        : `closed again at ${seconds(relapse.tMs)} while the fault lasted; `
      : '';
    const probes = check.reopens ? reopenings(samples, firstOpen.tMs, w.endMs) : 0;
    const probed = probes > 0 ? `, re-opened ${probes} time(s) after closing to probe` : '';
    verdicts.push({
      ...open,
      status,
      measured: toOpen,
      evidence: `${why}opened ${fmt(toOpen)} after the fault began${probed}; ${evidence}`,
    });
    verdicts.push(judgeClose(close, check, w, samples, evidence));
    if (check.failFast) verdicts.push(judgeFailFast(input, check, edge, f, w, firstOpen.tMs, relapse?.tMs));
  }
  return verdicts;
}

/**
 * Whether the breaker, closed at `closedMs`, showed open again within `withinMs` — or the fault
 * ended before that much time had passed (a probe cut short by the revert is not a relapse).
 */
function reopenedAfter(
  samples: readonly BreakerSample[],
  closedMs: number,
  withinMs: number,
  endMs: number,
): boolean {
  if (closedMs + withinMs >= endMs) return true;
  return samples.some((s) => s.tMs > closedMs && s.tMs <= closedMs + withinMs && s.state === 'open');
}

/** How often the breaker went from closed back to open between `fromMs` and `toMs`. */
function reopenings(samples: readonly BreakerSample[], fromMs: number, toMs: number): number {
  return transitionsOf(samples).filter(
    (t) => t.tMs > fromMs && t.tMs < toMs && t.to === 'open' && t.from === 'closed',
  ).length;
}

/** The fail-fast part of a check, listed as not evaluated (`error`) with why, rather than left out. */
function failFastNotJudged(check: BreakerCheck, edge: string, f: FaultEvent, why: string): Verdict[] {
  if (!check.failFast) return [];
  return [
    {
      ...failFastBase(check.failFast, edge, f),
      status: 'error',
      measured: null,
      evidence: `not evaluated: ${why}, so there was no time with the breaker open to judge`,
    },
  ];
}

function failFastBase(
  ff: NonNullable<BreakerCheck['failFast']>,
  edge: string,
  f: FaultEvent,
): Omit<Verdict, 'status' | 'measured' | 'evidence'> {
  return {
    id: `breaker:${edge}:fail-fast:${f.name}:${ff.route}`,
    kind: 'breaker-fail-fast' as const,
    name: `route ${ff.route} fails fast while breaker ${edge} is open: p(${ff.percentile})<${ff.limitMs} (${faultLabel(f)})`,
    unit: 'ms',
    limit: `< ${ff.limitMs}`,
  };
}

function judgeClose(
  close: Omit<Verdict, 'status' | 'measured' | 'evidence'>,
  check: BreakerCheck,
  w: AppliedWindow,
  samples: BreakerSample[],
  evidence: string,
): Verdict {
  const closed = samples.find((s) => s.tMs >= w.endMs && s.state === 'closed');
  if (closed) {
    const toClose = closed.tMs - w.endMs;
    const status = toClose <= check.closesWithinMs ? 'pass' : 'fail';
    return {
      ...close,
      status,
      measured: toClose,
      evidence: `closed ${fmt(toClose)} after the fault ended; ${evidence}`,
    };
  }
  const last = samples[samples.length - 1]!;
  const watched = last.tMs - w.endMs;
  const still = `still ${last.state} at the last sample, ${fmt(Math.max(0, watched))} after the fault ended`;
  if (watched < check.closesWithinMs) {
    return {
      ...close,
      status: 'error',
      measured: null,
      evidence: `${still}: the run ended before ${fmt(check.closesWithinMs)} had passed; ${evidence}`,
    };
  }
  return { ...close, status: 'fail', measured: null, evidence: `${still}; ${evidence}` };
}

/** The route's percentile over the whole seconds during which the breaker was open and the fault active. */
function judgeFailFast(
  input: BreakerInput,
  check: BreakerCheck,
  edge: string,
  f: FaultEvent,
  w: AppliedWindow,
  openMs: number,
  relapseMs: number | undefined,
): Verdict {
  const ff = check.failFast!;
  const term: ParsedThreshold = {
    key: {
      metric: 'http_req_duration',
      tags: { route: ff.route },
      source: `http_req_duration{route:${ff.route}}`,
    },
    expression: {
      aggregation: 'p',
      percentile: ff.percentile,
      op: '<',
      limit: ff.limitMs,
      source: `p(${ff.percentile})<${ff.limitMs}`,
    },
  };
  const endMs = Math.min(w.endMs, relapseMs ?? Infinity);
  const chosen = input.seconds.filter(
    (s) => s.route === ff.route && s.t * 1000 >= openMs && (s.t + 1) * 1000 <= endMs,
  );
  const [r] = measureSlo(chosen, [term]);
  const span =
    chosen.length === 0 ? 'no whole second' : `seconds ${chosen[0]!.t}–${chosen[chosen.length - 1]!.t}`;
  const base = failFastBase(ff, edge, f);
  if (!r || r.pass === null) {
    return {
      ...base,
      status: 'error',
      measured: null,
      evidence: `${span} of route ${ff.route} with completed requests while the breaker was open (from ${seconds(openMs)} to ${seconds(endMs)})`,
    };
  }
  return {
    ...base,
    status: r.pass ? 'pass' : 'fail',
    measured: r.value,
    evidence: `p(${ff.percentile}) ${formatValue(r.value!, 'ms')} over ${span} (${r.requests} requests) while open from ${seconds(openMs)} to ${seconds(endMs)}`,
  };
}

function fmt(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
