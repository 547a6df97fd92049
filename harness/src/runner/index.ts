export { runScenario, type RunOptions } from './run-scenario.js';
export { decideOutcome } from './outcome.js';
export { FAULTLINE_VERSION } from './version.js';
export { cleanupStaleRuns, processesOfRun, type CleanupReport } from './cleanup.js';
export { ledgerHome } from './run-ledger.js';
export { FaultTimeline } from './fault-timeline.js';
export { TeardownStack } from './teardown-stack.js';
export { runTasks, type Task, type TaskListResult, type TaskStatus, type RunSignal } from './task-runner.js';
export { resultsHeader } from './results-header.js';
export { meshTasks, type MeshUp } from './mesh-tasks.js';
export { CanaryBytes } from './canary-bytes.js';
export { FaultProbe } from './fault-probe.js';
export { proxyBytesFromCallers } from './proxy-metrics.js';
export {
  InstrumentMonitor,
  loopDelayP99Between,
  proxyLoopDelayBuckets,
  type LoopDelayBuckets,
} from './instrument-monitor.js';
export { RunLedger } from './run-ledger.js';
