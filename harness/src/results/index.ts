export * from './model.js';
export * from './histogram.js';
export * from './phases.js';
export { readResults, writeResults } from './io.js';
export { breakerStateIn, type BreakerMetric, type BreakerState } from './breaker-reading.js';
export {
  parseLabels,
  parseSeriesKey,
  formatSeriesKey,
  samplesOf,
  type MetricSample,
  type Series,
} from './series-key.js';
