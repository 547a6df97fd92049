import { describe, expect, it } from 'vitest';
import type { ProbeSample } from '../results/index.js';
import { evaluateProbes } from './evaluate-probes.js';
import type { ProbeCheck } from './probe-checks.js';
import { fault } from './timeline.fixture.js';

/** Samples every 500 ms over 0–8 s; `exitAt(t)` decides each one's exit code. */
const samples = (exitAt: (tMs: number) => number): ProbeSample[] =>
  Array.from({ length: 16 }, (_, i) => ({ tMs: i * 500, ms: 20, exit: exitAt(i * 500) }));
const check: ProbeCheck = {
  name: 'db',
  command: { argv: ['pg_isready'], timeoutMs: 1000 },
  everyMs: 500,
  expect: { baseline: { exit: 0 }, fault: { exit: 2 }, recovery: { exit: 0 } },
};
// a fault applied at 2 s, reverted at 6 s, each exactly on schedule
const faults = [fault('db down', 2, 6)];

describe('evaluateProbes', () => {
  it('passes each phase whose samples all show what it expects, leaving out those at a change', () => {
    const verdicts = evaluateProbes(
      {
        faults,
        probes: [
          { name: 'db', target: 'pg_isready', samples: samples((t) => (t >= 2000 && t < 6000 ? 2 : 0)) },
        ],
      },
      [check],
    );
    expect(verdicts.map((v) => [v.id, v.status, v.measured, v.phase])).toEqual([
      // 0, 0.5, 1, 1.5 s; 2 s overlaps the apply (± 250 ms)
      ['probe:db:baseline', 'pass', 4, 'baseline'],
      // 2.5 … 5.5 s
      ['probe:db:fault', 'pass', 7, 'fault'],
      // 6 s overlaps the revert; 6.5 … 7.5 s
      ['probe:db:recovery', 'pass', 3, 'recovery'],
    ]);
    expect(verdicts[1]).toMatchObject({ kind: 'probe', limit: 'every sample: exit 2', unit: 'samples' });
  });

  it('fails a phase where a sample shows something else, naming the first few; no sample is an error', () => {
    const [, during, recovery] = evaluateProbes(
      { faults, probes: [{ name: 'db', target: 'pg_isready', samples: samples(() => 0) }] },
      [check],
    );
    expect(during).toMatchObject({ status: 'fail', measured: 0 });
    expect(during?.evidence).toBe(
      '0 of 7 samples met it; t=2.5s: exit 0, not 2; t=3.0s: exit 0, not 2; t=3.5s: exit 0, not 2; …',
    );
    expect(recovery?.status).toBe('pass');
    const [none] = evaluateProbes({ faults, probes: [] }, [check]);
    expect(none).toMatchObject({
      status: 'error',
      measured: null,
      evidence: 'no sample was taken during baseline',
    });
  });
});
