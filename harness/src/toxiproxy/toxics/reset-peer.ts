import { dueTimer } from './due-timer.js';
import type { ResetsOnClose, ToxicRunner, ToxicType } from './toxic.js';

/**
 * `reset_peer`: idle until a chunk (or EOF) arrives in its direction; that chunk is dropped and
 * `timeout` ms later the link closes. Connections accepted while the toxic existed close with
 * RST (SO_LINGER 0), others with a plain FIN, as in Toxiproxy.
 */
export const resetPeerToxic: ToxicType & ResetsOnClose = {
  type: 'reset_peer',
  goName: 'ResetToxic',
  resetsOnClose: true,
  attributes: [['timeout', 'int64']],
  start({ attributes, out }): ToxicRunner {
    let timer: { cancel(): void } | undefined;
    const trigger = (): void => {
      // Uninterruptible, as in Toxiproxy: neither update nor removal cancels the close.
      timer ??= dueTimer(Math.max(0, attributes.timeout ?? 0), () => out.end());
    };
    return {
      write: trigger,
      end: trigger,
      stop: () => ({ chunks: [], ended: false }),
      abort: () => timer?.cancel(),
    };
  },
};
