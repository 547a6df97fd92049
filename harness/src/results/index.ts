export * from './model.js';
export * from './histogram.js';
export * from './phases.js';
export { readResults, writeResults } from './io.js';
