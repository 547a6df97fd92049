import { InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShard, shardOf } from './shard.js';

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
  });

  it.each(['0/3', '4/3', 'x', '1/0', '1-3', '/3', '2/'])('refuses %s with the expected form', (text) => {
    expect(() => parseShard(text)).toThrow(InvalidArgumentError);
    expect(() => parseShard(text)).toThrow(/expected i\/n with 1 <= i <= n, e\.g\. 2\/3/);
  });
});

describe('shardOf', () => {
  const item = (file: string, plannedMs: number): { file: string; plannedMs: number } => ({
    file,
    plannedMs,
  });

  it('balances by planned time, keeping the order of the scenarios', () => {
    const items = [item('a', 60_000), item('b', 20_000), item('c', 20_000), item('d', 20_000)];
    expect(shardOf(items, { index: 1, count: 2 }).map((i) => i.file)).toEqual(['a']);
    expect(shardOf(items, { index: 2, count: 2 }).map((i) => i.file)).toEqual(['b', 'c', 'd']);
  });

  it('gives every scenario to exactly one shard, the same way every time', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 0, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 120_000 }), { minLength: 30, maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        (files, times, count) => {
          const items = files.map((f, i) => item(f, times[i]!));
          const slices = Array.from({ length: count }, (_, i) => shardOf(items, { index: i + 1, count }));
          expect(
            slices
              .flat()
              .map((i) => i.file)
              .sort(),
          ).toEqual([...files].sort());
          // Deterministic: the same set in another order gives the same slices.
          const again = Array.from({ length: count }, (_, i) =>
            shardOf([...items].reverse(), { index: i + 1, count })
              .map((x) => x.file)
              .sort(),
          );
          expect(again).toEqual(slices.map((s) => s.map((x) => x.file).sort()));
        },
      ),
    );
  });

  it('leaves a shard empty when there are more shards than scenarios', () => {
    expect(shardOf([item('a', 1000)], { index: 2, count: 2 })).toEqual([]);
  });
});
