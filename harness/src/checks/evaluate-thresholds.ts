import type { FaultEvent, RouteSecond, Verdict } from '../results/index.js';
import { formatCount, formatValue } from './format-value.js';
import { measure, type Measurement } from './measure.js';
import { unitOf } from './metrics.js';
import { selectSeconds, type Selection } from './select-seconds.js';
import {
  compare,
  describeAggregation,
  thresholdTerms,
  type Operator,
  type ParsedThreshold,
  type ThresholdMap,
} from './threshold-parser.js';

/** What thresholds are judged on: the recorded seconds and the faults with their actual times. */
export interface ThresholdInput {
  seconds: readonly RouteSecond[];
  faults: readonly FaultEvent[];
}

/**
 * Judges k6-style thresholds against a recorded run: one {@link Verdict} per expression, in the
 * order given. Pure. A threshold whose selection holds no requests is `error`, never a pass.
 */
export function evaluateThresholds(input: ThresholdInput, thresholds: Readonly<ThresholdMap>): Verdict[] {
  return thresholdTerms(thresholds).map((term) => evaluateOne(input, term));
}

function evaluateOne(input: ThresholdInput, parsed: ParsedThreshold): Verdict {
  const { expression, key: metricKey } = parsed;
  const base = {
    id: `threshold:${metricKey.source}:${expression.source}`,
    kind: 'threshold' as const,
    name: `${metricKey.source} ${expression.source}`,
  };
  const unit = unitOf(expression.aggregation);
  const verdict = {
    ...base,
    unit,
    limit: `${expression.op} ${expression.limit}`,
    ...(metricKey.tags.phase === undefined ? {} : { phase: metricKey.tags.phase }),
  };
  const selection = selectSeconds(input, metricKey.tags);
  const m = measure(selection.seconds, selection.span, parsed);
  const head = `${describeAggregation(expression)} over ${selection.span} s of ${selection.scope}`;
  const completed = selection.seconds.reduce((n, s) => n + s.ok + s.failed, 0);
  if (m.value === null || completed === 0) {
    return {
      ...verdict,
      status: 'error',
      measured: null,
      evidence: `${head}: ${emptyEvidence(selection, m, parsed)}`,
    };
  }
  const pass = compare(m.value, expression.op, expression.limit);
  const worst = worstSecond(m.perSecond, expression.op, expression.limit);
  const evidence =
    `${head} (${describeRequests(m, parsed)}): ${formatValue(m.value, unit)}` +
    (worst && expression.aggregation !== 'count'
      ? `; worst second t=${worst.t}: ${formatValue(worst.value, unit)}`
      : '');
  return { ...verdict, status: pass ? 'pass' : 'fail', measured: m.value, evidence };
}

function emptyEvidence(selection: Selection, m: Measurement, parsed: ParsedThreshold): string {
  if (selection.emptyReason) return `no seconds selected (${selection.emptyReason}), so nothing to judge`;
  if (m.requests === 0 && parsed.key.tags.status !== undefined && parsed.expression.aggregation === 'rate') {
    return `no responses with status ${parsed.key.tags.status}, so no rate to judge`;
  }
  return 'no requests completed in the selection, so nothing to judge';
}

function describeRequests(m: Measurement, parsed: ParsedThreshold): string {
  const requests = `${formatCount(m.requests)} request${m.requests === 1 ? '' : 's'}`;
  const counted = parsed.key.metric === 'http_req_degraded' ? 'degraded' : 'failed';
  return m.failed === undefined ? requests : `${requests}, ${formatCount(m.failed)} ${counted}`;
}

/** The second that most nearly breaks (or most breaks) the threshold. */
function worstSecond(
  perSecond: Map<number, number>,
  op: Operator,
  limit: number,
): { t: number; value: number } | undefined {
  const badness = (v: number): number => {
    switch (op) {
      case '<':
      case '<=':
        return v;
      case '>':
      case '>=':
        return -v;
      case '==':
      case '===':
        return Math.abs(v - limit);
      case '!=':
        return -Math.abs(v - limit);
    }
  };
  let worst: { t: number; value: number } | undefined;
  for (const [t, value] of perSecond) {
    if (!worst || badness(value) > badness(worst.value)) worst = { t, value };
  }
  return worst;
}
