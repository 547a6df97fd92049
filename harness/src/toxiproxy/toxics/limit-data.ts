import type { ToxicRunner, ToxicType } from './toxic.js';

/**
 * `limit_data`: forwards up to `bytes` bytes in total on the connection (the last chunk is
 * truncated), then closes the link. Checked only when a chunk arrives, so `bytes: 0` closes on
 * the first chunk. The count survives updates.
 */
export const limitDataToxic: ToxicType = {
  type: 'limit_data',
  goName: 'LimitDataToxic',
  attributes: [['bytes', 'int64']],
  start({ attributes, out, state }): ToxicRunner {
    const limit = attributes.bytes ?? 0;
    return {
      write(chunk) {
        const sent = state.sent ?? 0;
        const remaining = Math.max(0, limit - sent);
        const data = remaining < chunk.data.length ? chunk.data.subarray(0, remaining) : chunk.data;
        if (data.length > 0) {
          state.sent = sent + data.length;
          out.push(data === chunk.data ? chunk : { data, at: chunk.at });
        }
        if (limit - (state.sent ?? 0) <= 0) out.end();
      },
      end: () => out.end(),
      stop: () => ({ chunks: [], ended: false }),
    };
  },
};
