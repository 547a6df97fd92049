export { runScenario, type RunOptions } from './run-scenario.js';
export { decideOutcome } from './outcome.js';
export { FAULTLINE_VERSION } from './version.js';
