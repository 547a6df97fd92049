export * from './metrics.js';
export {
  parseThreshold,
  parseThresholdExpression,
  parseThresholdMap,
  thresholdTerms,
  bindExpression,
  parseComparison,
  parseMetricKey,
  describeAggregation,
  compare,
  ThresholdSyntaxError,
  type Operator,
  type ThresholdExpression,
  type MetricKey,
  type ThresholdTags,
  type ParsedThreshold,
  type ThresholdPart,
  type ThresholdEntry,
  type ThresholdMap,
} from './threshold-parser.js';
export { phasesCovered } from './phase-coverage.js';
export { evaluateThresholds, type ThresholdInput } from './evaluate-thresholds.js';
export { selectSeconds, type Selection } from './select-seconds.js';
export * from './check-specs.js';
export {
  evaluateChecks,
  metricFamiliesOf,
  PRECONDITION_KINDS,
  type RecordedRun,
  type ChecksToJudge,
} from './evaluate-checks.js';
export { evaluateBreakers, faultsIntoUpstream, type BreakerInput } from './evaluate-breakers.js';
export { evaluateRecovery, type RecoveryInput } from './evaluate-recovery.js';
export { evaluateSteadyState, type SloInput } from './evaluate-steady-state.js';
export { evaluateIsolation } from './evaluate-isolation.js';
export { evaluateMetricChecks, type MetricCheckInput } from './evaluate-metric-checks.js';
export {
  parseMetricExpression,
  selectorsOf,
  MetricExpressionError,
  METRIC_FUNCTIONS,
  type MetricExpr,
  type SeriesSelector,
} from './metric-expression.js';
export { evaluateEffect, unprovenFaults } from './evaluate-effect.js';
export { blastRadius, windowStats } from './blast-radius.js';
export { checkAbort, abortVerdict, type AbortTrigger } from './evaluate-abort.js';
export { parseSlo, parseSloMap, measureSlo, describeSloResult, type SloResult } from './slo.js';
export {
  breakerSamples,
  transitionsOf,
  type BreakerState,
  type BreakerSample,
  type BreakerTransition,
} from './breaker-states.js';
export {
  calibrate,
  groupRuns,
  rangeText,
  TIME_MARGIN,
  type Calibration,
  type CheckRuns,
  type MeasuredRange,
} from './calibration.js';
export { formatValue } from './format-value.js';
export { evaluateInstrument, INSTRUMENT_LIMITS } from './evaluate-instrument.js';
export { evaluateProbes } from './evaluate-probes.js';
export type { ProbeCheck } from './probe-checks.js';
