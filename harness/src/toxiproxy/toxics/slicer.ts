import type { Backlog, Chunk, ToxicAttributes, ToxicRunner, ToxicType } from './toxic.js';

/**
 * Offsets cutting `size` bytes by recursive halving, as Toxiproxy: a piece is final once
 * `size - average <= variation`; each split point moves by a random offset in
 * [-variation, +variation). Split points are kept strictly inside the piece so the recursion
 * always ends (Toxiproxy can recurse forever or slice out of range here).
 */
export function slicePoints(
  size: number,
  average: number,
  variation: number,
  random: () => number,
): number[] {
  const cuts: number[] = [];
  const split = (start: number, end: number): void => {
    if (end - start - average <= variation || end - start < 2) {
      cuts.push(end);
      return;
    }
    const offset = variation > 0 ? Math.floor(random() * 2 * variation) - variation : 0;
    const mid = Math.min(end - 1, Math.max(start + 1, start + Math.floor((end - start) / 2) + offset));
    split(start, mid);
    split(mid, end);
  };
  if (size > 0) split(0, size);
  return cuts;
}

/**
 * `slicer`: cuts each chunk into smaller pieces (see `slicePoints`), waiting `delay` µs after
 * each piece.
 */
export const slicerToxic: ToxicType = {
  type: 'slicer',
  goName: 'SlicerToxic',
  attributes: [
    ['average_size', 'int'],
    ['size_variation', 'int'],
    ['delay', 'int'],
  ],
  validate: (a: ToxicAttributes) => {
    if ((a.average_size ?? 0) < 1)
      return `slicer average_size must be at least 1, got ${a.average_size ?? 0}`;
    if ((a.size_variation ?? 0) < 0)
      return `slicer size_variation must not be negative, got ${a.size_variation}`;
    return undefined;
  },
  start({ attributes, out, random }): ToxicRunner {
    const average = attributes.average_size ?? 1;
    const variation = attributes.size_variation ?? 0;
    const delayMs = Math.max(0, attributes.delay ?? 0) / 1000; // µs, as Toxiproxy's API
    const queue: Chunk[] = [];
    let timer: NodeJS.Timeout | undefined;
    let current: { chunk: Chunk; cuts: number[]; pos: number; i: number } | undefined;
    let ended = false;

    const next = (): void => {
      while (timer === undefined) {
        if (!current) {
          const chunk = queue.shift();
          if (!chunk) {
            if (ended) out.end();
            return;
          }
          current = { chunk, cuts: slicePoints(chunk.data.length, average, variation, random), pos: 0, i: 0 };
        }
        const c = current;
        const end = c.cuts[c.i];
        if (end === undefined) {
          current = undefined;
          continue;
        }
        out.push({ data: c.chunk.data.subarray(c.pos, end), at: c.chunk.at });
        c.pos = end;
        c.i++;
        if (delayMs > 0) {
          timer = setTimeout(() => {
            timer = undefined;
            next();
          }, delayMs);
        }
      }
    };

    return {
      buffered: () => queue.length,
      write(chunk) {
        queue.push(chunk);
        if (timer === undefined) next();
      },
      end() {
        ended = true;
        if (timer === undefined) next();
      },
      stop(): Backlog {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        if (current && current.pos < current.chunk.data.length) {
          out.push({ data: current.chunk.data.subarray(current.pos), at: current.chunk.at });
        }
        current = undefined;
        return { chunks: queue.splice(0), ended };
      },
    };
  },
};
