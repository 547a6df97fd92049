import { describe, expect, it } from 'vitest';
import { evaluateInstrument, INSTRUMENT_LIMITS } from './evaluate-instrument.js';

const quiet = {
  sendLagP99Ms: 0.4,
  runnerLoopDelayP99Ms: 3,
  proxyLoopDelayP99Ms: 2,
  loadPerCore: 0.5,
  runnablePerCore: 0.6,
  stealShare: 0,
};

describe('evaluateInstrument', () => {
  it('passes a quiet run, one verdict per reading', () => {
    const verdicts = evaluateInstrument(quiet);
    expect(verdicts.map((v) => [v.id, v.status])).toEqual([
      ['instrument:send-lag', 'pass'],
      ['instrument:runner-loop', 'pass'],
      ['instrument:proxy-loop', 'pass'],
      ['instrument:run-queue', 'pass'],
      ['instrument:steal', 'pass'],
    ]);
  });

  it('fails the reading past its limit and says the machine was too busy to measure', () => {
    const verdicts = evaluateInstrument({
      ...quiet,
      runnerLoopDelayP99Ms: INSTRUMENT_LIMITS.loopDelayP99Ms + 30,
    });
    const loop = verdicts.find((v) => v.id === 'instrument:runner-loop')!;
    expect(loop.status).toBe('fail');
    expect(loop.kind).toBe('instrument');
    expect(loop.evidence).toBe(
      "the machine was too busy to measure latency within 100 ms: the runner's event loop was 130 ms late (p99)",
    );
    expect(verdicts.filter((v) => v.status === 'fail')).toHaveLength(1);
  });

  it('leaves out what the platform could not measure, and judges nothing without readings', () => {
    expect(
      evaluateInstrument({
        ...quiet,
        proxyLoopDelayP99Ms: null,
        runnablePerCore: null,
        stealShare: null,
      }).map((v) => v.id),
    ).toEqual(['instrument:send-lag', 'instrument:runner-loop']);
    expect(evaluateInstrument(undefined)).toEqual([]);
  });

  it('judges a crowded run queue: the services under test starved of CPU', () => {
    const queue = evaluateInstrument({ ...quiet, runnablePerCore: 4.5 }).find(
      (v) => v.id === 'instrument:run-queue',
    )!;
    expect(queue.status).toBe('fail');
    expect(queue.evidence).toBe(
      'the machine was too busy to measure: 4.5 processes were ready to run per core on average, so the services under test were starved of CPU (limit 3.0)',
    );
  });

  it('judges stolen CPU as a share', () => {
    const steal = evaluateInstrument({ ...quiet, stealShare: 0.25 }).find(
      (v) => v.id === 'instrument:steal',
    )!;
    expect(steal.status).toBe('fail');
    expect(steal.evidence).toMatch(/25\.0 % of CPU time was stolen/);
  });
});
