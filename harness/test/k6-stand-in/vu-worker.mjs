import { parentPort, workerData } from 'node:worker_threads';
import exec from './k6-execution.mjs';
// One VU of the stand-in runner (k6-stand-in.ts): loads the script, reports ready, then runs its
// function at the scheduled time, as often as its plan says.

globalThis.__ENV = workerData.env;
const script = await import(workerData.scriptUrl);

function sleepUntil(at) {
  const ms = at - Date.now();
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

if (workerData.mode === 'options') {
  parentPort.postMessage({ kind: 'options', options: script.options, exports: Object.keys(script) });
} else {
  parentPort.once('message', ({ t0 }) => {
    const { fn, startOffsetMs, iterations, paceMs, untilOffsetMs } = workerData;
    exec.scenario.startTime = t0 + startOffsetMs;
    sleepUntil(t0 + startOffsetMs);
    try {
      for (let i = 0; i < iterations; i++) {
        const next = Date.now() + paceMs;
        if (t0 + untilOffsetMs <= Date.now()) break;
        script[fn]();
        sleepUntil(next);
      }
      parentPort.postMessage({ kind: 'done' });
    } catch (err) {
      parentPort.postMessage({ kind: 'error', message: String(err) });
    }
  });
  parentPort.postMessage({ kind: 'ready' });
}
