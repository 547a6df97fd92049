export * from './metrics.js';
export {
  parseThreshold,
  parseThresholdExpression,
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
} from './threshold-parser.js';
export { phasesCovered } from './phase-coverage.js';
export { evaluateThresholds, type ThresholdInput } from './evaluate-thresholds.js';
export { selectSeconds, type Selection } from './select-seconds.js';
