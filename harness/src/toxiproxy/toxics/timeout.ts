import type { ClosesOnRemove, ToxicRunner, ToxicType } from './toxic.js';

/**
 * `timeout`: drops every chunk. With `timeout` > 0 the link closes `timeout` ms after the last
 * chunk arrived (or after the toxic started); with 0 it never closes by itself. Removing the
 * toxic closes the link (Toxiproxy's Cleanup).
 */
export const timeoutToxic: ToxicType & ClosesOnRemove = {
  type: 'timeout',
  goName: 'TimeoutToxic',
  closesOnRemove: true,
  attributes: [['timeout', 'int64']],
  start({ attributes, out }): ToxicRunner {
    const ms = attributes.timeout ?? 0;
    let timer: NodeJS.Timeout | undefined = ms > 0 ? setTimeout(() => out.end(), ms) : undefined;
    const clear = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    };
    return {
      write() {
        timer?.refresh();
      },
      end() {
        clear();
        out.end();
      },
      stop() {
        clear();
        return { chunks: [], ended: false };
      },
    };
  },
};
