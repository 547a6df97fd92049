import * as z from 'zod';
import { doc, duration, expected, formatDuration } from '../schema/index.js';
import { QUICK_BOUND_MS } from './canary-effects.js';
import { applyToxics } from './edge-proxy.js';
import { edgeFaultBase, edgeFaultMapping } from './fault-schema-parts.js';
import type { EdgeFaultBase, FaultType, ToxicPlan } from './fault-type.js';

/** Delays responses on an edge by `latencyMs` ± `jitterMs` (a `latency` toxic downstream). */
export interface LatencyFault extends EdgeFaultBase {
  type: 'latency';
  latencyMs: number;
  jitterMs: number;
  /** Share of connections the toxic applies to, drawn per connection (Toxiproxy's toxicity); default 1. */
  toxicity?: number;
}

type LatencyParams = { latencyMs: number; jitterMs: number };

/** The canary's added latency may fall short of the fault's by this share, … */
export const LATENCY_TOLERANCE_SHARE = 0.25;
/** … or by this many ms, whichever is more (plus the fault's jitter). */
export const LATENCY_TOLERANCE_MS = 30;
/**
 * ms a busy machine may add on top of the latency. The toxic cannot deliver early, so falling
 * short is judged strictly; arriving late is what a loaded host does, so the excess allowed is
 * this or the tolerance, whichever is more.
 */
export const LATENCY_EXCESS_MS = 250;

/**
 * The recorded latency and the tolerance around it. Recorded params are read back from results,
 * so one that is missing counts as 0.
 */
function tolerance(p: LatencyParams): { latency: number; tol: number; excess: number } {
  const latency = p.latencyMs ?? 0;
  const jitter = p.jitterMs ?? 0;
  const tol = Math.round(Math.max(latency * LATENCY_TOLERANCE_SHARE, LATENCY_TOLERANCE_MS) + jitter);
  return { latency, tol, excess: Math.max(tol, LATENCY_EXCESS_MS + jitter) };
}

const share = expected('a share from 0 to 1');

const toxics = (f: LatencyFault): ToxicPlan[] => [
  {
    suffix: 'latency',
    type: 'latency',
    stream: 'downstream',
    // Drawn per connection: with new connections per request it applies to about this share of requests.
    toxicity: f.toxicity ?? 1,
    // ms, as Toxiproxy's API
    attributes: { latency: f.latencyMs, jitter: f.jitterMs },
  },
];

export const latencyFault: FaultType<'latency', LatencyFault, LatencyParams> = {
  type: 'latency',
  schema: edgeFaultMapping('latency', 'responses on an edge are delayed by latency ± jitter', {
    latency: doc(duration('250ms', 0), 'delay added to each response chunk', '250ms'),
    jitter: doc(duration('50ms', 0), 'random variation around latency, ± this much', '50ms').default(0),
    toxicity: doc(
      z.number({ error: share }).min(0, { error: share }).max(1, { error: share }),
      'share of connections delayed, drawn per connection as Toxiproxy does; default 1',
      0.5,
    ).optional(),
  })
    .transform((f): LatencyFault => ({
      ...edgeFaultBase('latency', f),
      latencyMs: f.latency,
      jitterMs: f.jitter,
      ...(f.toxicity === undefined ? {} : { toxicity: f.toxicity }),
    }))
    .meta({ description: 'a latency fault' }),
  describe: (f) =>
    `latency ${f.edge} +${formatDuration(f.latencyMs)}${f.jitterMs ? ` ±${formatDuration(f.jitterMs)}` : ''}`,
  params: (f) => ({ latencyMs: f.latencyMs, jitterMs: f.jitterMs }),
  effect: {
    expected: (p) => {
      const { latency, tol, excess } = tolerance(p);
      return `${latency} -${tol}/+${excess} added`;
    },
    judge(before, after, p) {
      const { latency, tol, excess } = tolerance(p);
      if (after.outcome !== 'answered')
        return { shown: false, why: `the canary got no answer (${after.outcome}) instead of a delayed one` };
      const added = after.ms - before.ms;
      // Short is judged on the answer alone: a slow canary before the fault must not hide the delay.
      if (after.ms < latency - tol)
        return {
          shown: false,
          why: `the canary answered in ${after.ms} ms, less than ${latency} - ${tol} ms`,
          measured: added,
        };
      if (added > latency + excess)
        return {
          shown: false,
          why: `added latency ${added} ms is more than ${latency} + ${excess} ms`,
          measured: added,
        };
      return { shown: true, measured: added, note: `added latency ${added} ms` };
    },
    refusesConnections: false,
  },
  // A delayed answer needs the delay and some more; never past the fault's own end, or the
  // revert would answer it.
  canaryBoundMs: (f) =>
    Math.max(QUICK_BOUND_MS, Math.min((f.latencyMs + f.jitterMs) * 2 + QUICK_BOUND_MS, f.forMs - 100)),
  action: (f) => ({ kind: 'toxics', toxics: toxics(f) }),
  apply: (f, ctx) => applyToxics(f.edge, ctx, toxics(f)),
};
