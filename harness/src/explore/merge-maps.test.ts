import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../errors/index.js';
import type { ExploreResults } from './explore-model.js';
import { sampleMap } from './explore.fixture.js';
import { mergeMaps } from './merge-maps.js';

/** Shard i of 2 of the sample map: row `keep` judged, the other in the other shard. */
function shard(index: number, keep: number, exitCode: number): { folder: string; map: ExploreResults } {
  const full = sampleMap();
  const other = full.rows[1 - keep]!;
  return {
    folder: `out/${index}`,
    map: {
      ...full,
      rows: [full.rows[keep]!],
      leftOut: [
        { id: other.id, reason: 'in another shard than 1/2' },
        ...(index === 2 ? full.leftOut : [{ id: 'crash inventory', reason: 'in another shard than 1/2' }]),
      ],
      exitCode,
      outcome: exitCode === 1 ? 'failed' : 'passed',
      restarts: 1,
      shard: { index, count: 2 },
    },
  };
}
const rank = (codes: readonly number[]): number => (codes.includes(1) ? 1 : codes.includes(4) ? 4 : 0);

/** The shard as one that judged nothing: every fault it had was left out. */
function judgedNothing(s: { folder: string; map: ExploreResults }): { folder: string; map: ExploreResults } {
  return { ...s, map: { ...s.map, rows: [], exitCode: 0, outcome: 'passed' } };
}

describe('mergeMaps', () => {
  it('joins the shards into one map in the map order, with the most serious exit code', () => {
    const merged = mergeMaps([shard(2, 1, 0), shard(1, 0, 1)], rank);
    expect(merged.rows.map((r) => r.id)).toEqual(['latency orders->payments', 'down orders->payments']);
    expect(merged.leftOut).toEqual([{ id: 'crash inventory', reason: 'budget: 60 s would be exceeded' }]);
    expect(merged.exitCode).toBe(1);
    expect(merged.outcome).toBe('failed');
    expect(merged.restarts).toBe(2);
    expect(merged.shard).toBeUndefined();
  });

  it('passes with a shard that judged nothing, and is inconclusive when no shard judged anything', () => {
    const one = mergeMaps([judgedNothing(shard(1, 0, 1)), shard(2, 1, 0)], rank);
    expect(one.rows.map((r) => r.id)).toEqual(['down orders->payments']);
    expect([one.exitCode, one.outcome]).toEqual([0, 'passed']);
    const none = mergeMaps([judgedNothing(shard(1, 0, 1)), judgedNothing(shard(2, 1, 0))], rank);
    expect([none.exitCode, none.outcome]).toEqual([4, 'inconclusive']);
  });

  it('refuses a missing or repeated shard and maps of different explorations', () => {
    expect(() => mergeMaps([shard(1, 0, 1)], rank)).toThrow(/missing: 2\/2/);
    expect(() => mergeMaps([shard(1, 0, 1), shard(1, 0, 1)], rank)).toThrow(/repeated: 1\/2.*\n*.*/);
    const other = shard(2, 1, 0);
    other.map.seed = 9;
    expect(() => mergeMaps([shard(1, 0, 1), other], rank)).toThrow(FaultlineError);
    expect(() => mergeMaps([shard(1, 0, 1), other], rank)).toThrow(/different explorations/);
  });
});
