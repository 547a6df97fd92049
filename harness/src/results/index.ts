export * from './model.js';
export * from './histogram.js';
export * from './phases.js';
export { readResults, writeResults } from './io.js';
export {
  parseLabels,
  parseSeriesKey,
  formatSeriesKey,
  samplesOf,
  type MetricSample,
  type Series,
} from './series-key.js';
