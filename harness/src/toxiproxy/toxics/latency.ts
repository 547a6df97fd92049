import { dueTimer } from './due-timer.js';
import type { Backlog, Chunk, ToxicRunner, ToxicType } from './toxic.js';

/**
 * `latency`: each chunk leaves at its receive time + `latency` ± `jitter` ms. Chunks stay in
 * order and are not delayed cumulatively: a chunk that waited behind another is not delayed again.
 */
export const latencyToxic: ToxicType = {
  type: 'latency',
  goName: 'LatencyToxic',
  attributes: [
    ['latency', 'int64'],
    ['jitter', 'int64'],
  ],
  start({ attributes, out, random }): ToxicRunner {
    const latency = attributes.latency ?? 0;
    const jitter = attributes.jitter ?? 0;
    const queue: Chunk[] = [];
    let timer: { cancel(): void } | undefined;
    let sleep = 0;
    let ended = false;

    // Uniform over [-jitter, +jitter) in whole ms, as rand.Int63n(2*jitter) - jitter.
    const delay = (): number => (jitter > 0 ? latency + Math.floor(random() * 2 * jitter) - jitter : latency);

    const release = (): void => {
      timer = undefined;
      const head = queue.shift();
      if (head) {
        // Go stamps the chunk with receive + sleep, which a following toxic measures from.
        head.at += sleep;
        out.push(head);
      }
      next();
    };

    const next = (): void => {
      while (timer === undefined) {
        const head = queue[0];
        if (!head) {
          if (ended) out.end();
          return;
        }
        sleep = delay() - (performance.now() - head.at);
        if (sleep > 0) {
          timer = dueTimer(sleep, release);
          return;
        }
        sleep = 0;
        queue.shift();
        out.push(head);
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
        if (timer !== undefined) {
          timer.cancel();
          timer = undefined;
          const head = queue.shift();
          if (head) out.push(head);
        }
        return { chunks: queue.splice(0), ended };
      },
    };
  },
};
