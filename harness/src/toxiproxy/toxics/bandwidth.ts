import type { Backlog, Chunk, ToxicRunner, ToxicType } from './toxic.js';

/** ms between the pieces of a chunk larger than 100 ms worth of data, as Toxiproxy. */
const SLICE_MS = 100;

/**
 * `bandwidth`: limits a link to `rate` KB/s (1 KB = 1000 B). Each chunk waits len/rate ms, the
 * timer's error carried over to the next chunk; a chunk larger than rate*100 bytes leaves in
 * rate*100-byte pieces every 100 ms. `rate: 0` stalls the link until the toxic goes away.
 */
export const bandwidthToxic: ToxicType = {
  type: 'bandwidth',
  goName: 'BandwidthToxic',
  attributes: [['rate', 'int64']],
  validate: (a) => ((a.rate ?? 0) < 0 ? `bandwidth rate must not be negative, got ${a.rate}` : undefined),
  start({ attributes, out }): ToxicRunner {
    const rate = attributes.rate ?? 0;
    const sliceBytes = rate * SLICE_MS;
    const queue: Chunk[] = [];
    let timer: NodeJS.Timeout | undefined;
    let started = false;
    let sleep = 0;
    let ended = false;

    const next = (): void => {
      while (timer === undefined) {
        const head = queue[0];
        if (!head) {
          if (ended) out.end();
          return;
        }
        if (rate <= 0) return;
        if (!started) {
          started = true;
          sleep += head.data.length / rate;
        }
        if (head.data.length > sliceBytes) {
          timer = setTimeout(() => {
            timer = undefined;
            out.push({ data: head.data.subarray(0, sliceBytes), at: head.at });
            head.data = head.data.subarray(sliceBytes);
            sleep -= SLICE_MS;
            next();
          }, SLICE_MS);
          return;
        }
        if (sleep > 0) {
          const begin = performance.now();
          timer = setTimeout(() => {
            timer = undefined;
            sleep -= performance.now() - begin;
            emitHead();
            next();
          }, sleep);
          return;
        }
        emitHead();
      }
    };

    const emitHead = (): void => {
      started = false;
      const head = queue.shift();
      if (head) out.push(head);
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
        if (started) emitHead();
        return { chunks: queue.splice(0), ended };
      },
    };
  },
};
