import { dueTimer } from './due-timer.js';
import type { ToxicRunner, ToxicType } from './toxic.js';

/** `slow_close`: data passes unchanged; the source's EOF is passed on only after `delay` ms. */
export const slowCloseToxic: ToxicType = {
  type: 'slow_close',
  goName: 'SlowCloseToxic',
  attributes: [['delay', 'int64']],
  start({ attributes, out }): ToxicRunner {
    let timer: { cancel(): void } | undefined;
    let ended = false;
    return {
      write: (chunk) => out.push(chunk),
      end() {
        if (ended) return;
        ended = true;
        timer = dueTimer(Math.max(0, attributes.delay ?? 0), () => out.end());
      },
      stop() {
        timer?.cancel();
        timer = undefined;
        // A pending close goes on at once (removal) or restarts its wait (update).
        return { chunks: [], ended };
      },
    };
  },
};
