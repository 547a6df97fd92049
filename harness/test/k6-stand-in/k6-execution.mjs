import { workerData } from 'node:worker_threads';
// Stand-in for k6's `k6/execution`: the state of this VU, given by the runner (k6-stand-in.ts).

const { scenario, segment } = workerData;
const tags = { scenario: scenario.name, ...scenario.tags };

export default {
  scenario: {
    name: scenario.name,
    executor: scenario.executor,
    // ms since the epoch at which this scenario started, as k6's; set when the test starts
    startTime: 0,
    progress: 0,
    iterationInInstance: 0,
    iterationInTest: 0,
  },
  vu: {
    idInInstance: 1,
    idInTest: 1,
    iterationInInstance: 0,
    iterationInScenario: 0,
    tags,
    metrics: { tags, metadata: {} },
  },
  instance: {
    iterationsInterrupted: 0,
    iterationsCompleted: 0,
    vusActive: 1,
    vusInitialized: 1,
    currentTestRunDuration: 0,
  },
  test: {
    options: segment === undefined ? {} : { executionSegment: segment },
    abort(message) {
      throw new Error(`test aborted: ${message ?? ''}`);
    },
    fail() {},
  },
};
