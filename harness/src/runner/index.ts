export { runScenario, type RunOptions } from './run-scenario.js';
export { decideOutcome } from './outcome.js';
export { FAULTLINE_VERSION } from './version.js';
export { cleanupStaleRuns, processesOfRun, type CleanupReport } from './cleanup.js';
export { ledgerHome } from './run-ledger.js';
