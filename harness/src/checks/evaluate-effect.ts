import {
  secondOverlaps,
  type CanaryResult,
  type FaultEvent,
  type RouteSecond,
  type Verdict,
} from '../results/index.js';
import {
  expectedEffect,
  judgeEffect,
  proxyCounter,
  refusesConnections,
  type FaultProof,
} from '../faults/index.js';
import { seconds as fmtS } from './breaker-states.js';
import { appliedWindow, faultLabel } from './fault-selection.js';

/** What effect checks are judged on: the faults with the runner's evidence, and the load. */
export interface EffectInput {
  seconds: readonly RouteSecond[];
  faults: readonly FaultEvent[];
}

type Head = Omit<Verdict, 'status' | 'measured' | 'evidence'>;
type Judged = Pick<Verdict, 'status' | 'measured' | 'evidence'>;

/**
 * Confirms each fault took effect, with two verdicts per fault: `effect` (the canary made right
 * after applying it behaved as the fault implies, compared with the one made just before) and
 * `effect-traffic` (the load really crossed what the fault broke). Either one unconfirmed is
 * `error`, which makes the run inconclusive: a fault that changed nothing, or that no request
 * met, proves nothing about resilience. Pure.
 */
export function evaluateEffect(input: EffectInput): Verdict[] {
  return input.faults.flatMap((f) => {
    const canary: Head = {
      id: `effect:${f.name}`,
      kind: 'effect',
      name: `${faultLabel(f)} took effect`,
      unit: 'ms',
      limit: expectedEffect(f),
    };
    const counter = proxyCounter(f);
    const traffic: Head = {
      id: `effect-traffic:${f.name}`,
      kind: 'effect-traffic',
      name: `${faultLabel(f)} met traffic`,
      unit: counter ? 'requests' : 'bytes',
      limit: counter ? `> 0 ${counter} by the proxy` : '> 0',
    };
    if (f.appliedAtMs === null) {
      const why = `${faultLabel(f)} was never applied${f.error ? ` (${f.error})` : ''}`;
      return [
        { ...canary, status: 'error', measured: null, evidence: why },
        { ...traffic, status: 'error', measured: null, evidence: why },
      ];
    }
    const proof = f.effect?.proof;
    // A fault that checks itself is judged on its own proof, not on the canaries. An unproven
    // one gets no verdict at all: it neither passes as proven nor makes every such run
    // inconclusive; results.json and the report mark it unproven instead.
    const effect: Verdict[] = !proof
      ? [{ ...canary, ...judgeCanary(f) }]
      : proof.status === 'unproven'
        ? []
        : [{ ...canary, limit: `${proof.by} ${proof.expects ?? 'exits 0'}`, ...judgeProof(proof) }];
    // Without a target there is no edge or service whose traffic could be counted.
    const counted = f.target === '' ? [] : [{ ...traffic, ...judgeTraffic(f, input.seconds) }];
    return [...effect, ...counted];
  });
}

function judgeProof(p: Extract<FaultProof, { status: 'proven' | 'disproven' }>): Judged {
  return p.status === 'proven'
    ? { status: 'pass', measured: 0, evidence: p.evidence }
    : { status: 'error', measured: null, evidence: `the fault did not take effect: ${p.evidence}` };
}

/** Faults whose effect nothing proved (a `command` fault without `verify`), as results.json's warnings say. */
export function unprovenFaults(faults: readonly FaultEvent[]): string[] {
  return faults.flatMap((f) =>
    f.appliedAtMs !== null && f.effect?.proof?.status === 'unproven'
      ? [`fault "${f.name}" is unproven: ${f.effect.proof.evidence}`]
      : [],
  );
}

function describe(c: CanaryResult | undefined): string {
  if (!c) return 'none';
  const what =
    c.outcome === 'answered' ? `answered ${c.status ?? ''} in ${c.ms} ms` : `${c.outcome} after ${c.ms} ms`;
  return `${what} (${c.address})`;
}

function judgeCanary(f: FaultEvent): Judged {
  const { canaryBefore: before, canaryAfter: after, notes } = f.effect ?? {};
  const evidence = `canary before: ${describe(before)}; after: ${describe(after)}${notes?.length ? `; ${notes.join('; ')}` : ''}`;
  if (!after)
    return { status: 'error', measured: null, evidence: `no canary was made after applying it; ${evidence}` };
  const unconfirmed = (why: string, measured: number | null = after.ms): Judged => ({
    status: 'error',
    measured,
    evidence: `${why}; ${evidence}`,
  });
  if (before?.outcome !== 'answered')
    return unconfirmed('the canary got no answer before the fault either, so the change cannot be told');
  const judged = judgeEffect(f, before, after);
  if (!judged.shown) return unconfirmed(judged.why, judged.measured);
  return {
    status: 'pass',
    measured: judged.measured,
    evidence: judged.note ? `${judged.note}; ${evidence}` : evidence,
  };
}

/**
 * Faults that refuse connections (down, crash) let no byte through, so for them the bytes the
 * edge carried before the fault show that callers use it. A crash of a service no proxy leads
 * into (the entry) is judged on the load's own requests during the fault.
 */
function judgeTraffic(f: FaultEvent, seconds: readonly RouteSecond[]): Judged {
  if (proxyCounter(f)) return judgeCounters(f);
  const t = f.effect?.traffic;
  const w = appliedWindow(f)!;
  if (!t) {
    if (!f.target.includes('->')) {
      const window = { name: f.name, startMs: w.startMs, endMs: w.endMs };
      const sent = seconds.filter((s) => secondOverlaps(s.t, window)).reduce((n, s) => n + s.sent, 0);
      const evidence = `no proxy leads into ${f.target}; ${sent} requests of the load were sent during the fault (${fmtS(w.startMs)}–${fmtS(w.endMs)})`;
      return sent > 0
        ? { status: 'pass', measured: sent, evidence }
        : { status: 'error', measured: 0, evidence: `no traffic: ${evidence}` };
    }
    return {
      status: 'error',
      measured: null,
      evidence: `no traffic evidence was recorded${f.effect?.notes?.length ? `: ${f.effect.notes.join('; ')}` : ''}`,
    };
  }
  const refusing = refusesConnections(f);
  const bytes = refusing ? t.bytesBefore + t.bytesDuring : t.bytesDuring;
  const where = `proxy ${t.proxies.join(', ')}`;
  const counted = `${t.bytesBefore} bytes before the fault, ${t.bytesDuring} during it (${fmtS(w.startMs)}–${fmtS(w.endMs)}) on ${where}`;
  if (bytes > 0) return { status: 'pass', measured: bytes, evidence: counted };
  const what = refusing
    ? 'no request of the load used this edge'
    : 'no request of the load crossed the faulted edge during the fault';
  return { status: 'error', measured: 0, evidence: `${what}, so the fault tested nothing: ${counted}` };
}

/**
 * An HTTP fault acts per request, so what proves it met the load is the proxy's own count of
 * the load's requests it acted on (its canary taken out), not bytes that crossed the edge.
 */
function judgeCounters(f: FaultEvent): Judged {
  const c = f.effect?.proxyCounters;
  if (!c) {
    const notes = f.effect?.notes?.length ? `: ${f.effect.notes.join('; ')}` : '';
    return { status: 'error', measured: null, evidence: `the HTTP toxic's counters were not read${notes}` };
  }
  const load = c.acted - c.canary;
  const counted = `toxic ${c.toxic} on proxy ${c.proxy}: ${c.matched} requests matched, ${c.acted} ${c.action}${c.canary ? ` (${c.canary} of them the canary)` : ''}`;
  if (load > 0) return { status: 'pass', measured: load, evidence: counted };
  return {
    status: 'error',
    measured: 0,
    evidence: `no request of the load was ${c.action} by the fault, so it tested nothing: ${counted}`,
  };
}
