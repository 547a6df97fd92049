import { AttributeError, type HttpSelection, type HttpToxicType } from './http-toxic.js';
import {
  decodeSelection,
  fieldsOf,
  intField,
  selectAll,
  selectionFields,
  selector,
} from './http-selection.js';
import type { PassesAtOnce, ToxicRunner } from './toxic.js';
import { dueTimer } from './due-timer.js';

/** ms between the last byte passed and the RST. */
const RESET_AFTER_MS = 25;

export interface HttpAbortAttributes extends HttpSelection {
  /** Body bytes (as on the wire) that pass after the head before the abort; 0 = right after the head. */
  readonly after_bytes: number;
  /** `reset`: RST; `close`: FIN. */
  readonly mode: 'reset' | 'close';
}

/**
 * `http_abort`: for a selected exchange, passes the message's head (the request upstream, the
 * response downstream) and `after_bytes` bytes of its body, then closes the connection, with
 * RST or FIN. A message shorter than that is aborted at its end.
 */
export const httpAbortToxic: PassesAtOnce & HttpToxicType<HttpAbortAttributes> = {
  type: 'http_abort',
  http: true,
  passesAtOnce: true,
  acted: 'aborted',
  decode(input, base) {
    const b = base ?? { ...selectAll, after_bytes: 0, mode: 'reset' as const };
    const f = fieldsOf(input, [...selectionFields, 'after_bytes', 'mode'], 'http_abort attribute');
    const mode = f.mode === undefined ? b.mode : f.mode;
    if (mode !== 'reset' && mode !== 'close')
      throw new AttributeError(`mode must be "reset" or "close", got ${JSON.stringify(mode)}`);
    return {
      ...decodeSelection(f, b),
      after_bytes: f.after_bytes === undefined ? b.after_bytes : intField(f.after_bytes, 'after_bytes', 0),
      mode,
    };
  },
  start({ attributes, out, random, counters, key, resetOnClose }): ToxicRunner {
    const select = selector(attributes, counters, random);
    let closed = false;
    let timer: { cancel(): void } | undefined;
    const close = (): void => {
      timer = undefined;
      if (attributes.mode === 'reset') resetOnClose();
      out.end();
    };
    const abort = (): void => {
      closed = true;
      // A RST that reaches the client before it read the bytes passed shows there as a plain
      // EOF (Linux), so the reset follows them by a moment; a FIN can follow at once.
      if (attributes.mode === 'reset') timer = dueTimer(RESET_AFTER_MS, close);
      else close();
    };
    return {
      write(chunk) {
        if (closed) return;
        const part = chunk.http;
        if (!part) return out.push(chunk);
        const { exchange } = part;
        let left = exchange.decisions.get(key);
        if (left === undefined && part.kind === 'head') {
          left = select(exchange) ? attributes.after_bytes : false;
          exchange.decisions.set(key, left);
          if (left !== false) {
            out.push(chunk);
            if (left === 0 || part.last) abort();
            return;
          }
        }
        if (typeof left !== 'number') return out.push(chunk);
        const n = Math.min(left, chunk.data.length);
        if (n > 0) out.push(n === chunk.data.length ? chunk : { ...chunk, data: chunk.data.subarray(0, n) });
        exchange.decisions.set(key, left - n);
        if (left - n === 0 || part.last) abort();
      },
      end: () => {
        if (!timer) out.end();
      },
      stop() {
        if (timer) {
          timer.cancel();
          close();
        }
        return { chunks: [], ended: false };
      },
      abort: () => timer?.cancel(),
    };
  },
};
