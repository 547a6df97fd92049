import { InvalidArgumentError } from 'commander';

/** `--shard 2/3`: the second of three slices of a gate. */
export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

/**
 * Start-up, rollback and reports of one run, added to its planned load time when slices are
 * balanced: without it, a library of short scenarios would be balanced by load time alone.
 */
export const RUN_OVERHEAD_MS = 5_000;

/** commander argument parser for `--shard i/n`. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError(`expected i/n with 1 <= i <= n, e.g. 2/3; got "${text}"`);
  }
  return { index, count };
}

/**
 * The scenarios of one shard: a deterministic slice of `items`, balanced by planned time. The
 * longest scenario goes first to the shard with the least planned time so far (ties to the lower
 * shard; equal times in file order), which every shard computes alike from the same set. The
 * slice keeps the order of `items`. Pure.
 */
export function shardOf<T extends { file: string; plannedMs: number }>(
  items: readonly T[],
  shard: Shard,
): T[] {
  const totals = Array.from({ length: shard.count }, () => 0);
  const owner = new Map<T, number>();
  // Code-unit order, not locale order: every machine must break ties alike.
  const byLength = [...items].sort(
    (a, b) => b.plannedMs - a.plannedMs || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
  );
  for (const item of byLength) {
    const lightest = totals.indexOf(Math.min(...totals));
    totals[lightest]! += item.plannedMs + RUN_OVERHEAD_MS;
    owner.set(item, lightest + 1);
  }
  return items.filter((item) => owner.get(item) === shard.index);
}
