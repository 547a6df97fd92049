import { dueTimer } from './due-timer.js';
import type { HttpSelection, HttpToxicType } from './http-toxic.js';
import {
  decodeSelection,
  fieldsOf,
  intField,
  selectAll,
  selectionFields,
  selector,
} from './http-selection.js';
import type { Backlog, Chunk, ToxicRunner } from './toxic.js';

export interface HttpDelayAttributes extends HttpSelection {
  /** ms */
  readonly latency: number;
  /** ms, uniform over [-jitter, +jitter) as the `latency` toxic */
  readonly jitter: number;
}

/**
 * `http_delay`: holds a selected message (the request upstream, the response downstream) until
 * `latency` ± `jitter` ms after its head arrived. What follows it on the connection waits
 * behind it, as on the wire; other messages pass at once.
 */
export const httpDelayToxic: HttpToxicType<HttpDelayAttributes> = {
  type: 'http_delay',
  http: true,
  acted: 'delayed',
  decode(input, base) {
    const b = base ?? { ...selectAll, latency: 0, jitter: 0 };
    const f = fieldsOf(input, [...selectionFields, 'latency', 'jitter'], 'http_delay attribute');
    return {
      ...decodeSelection(f, b),
      latency: f.latency === undefined ? b.latency : intField(f.latency, 'latency', 0),
      jitter: f.jitter === undefined ? b.jitter : intField(f.jitter, 'jitter', 0),
    };
  },
  start({ attributes, out, random, counters, key }): ToxicRunner {
    const select = selector(attributes, counters, random);
    const { latency, jitter } = attributes;
    const queue: { chunk: Chunk; due: number }[] = [];
    let timer: { cancel(): void } | undefined;
    let ended = false;

    const dueOf = (chunk: Chunk): number => {
      const part = chunk.http;
      if (!part) return 0;
      let due = part.exchange.decisions.get(key);
      if (due === undefined && part.kind === 'head') {
        const delay = jitter > 0 ? latency + Math.floor(random() * 2 * jitter) - jitter : latency;
        due = select(part.exchange) ? chunk.at + delay : 0;
        part.exchange.decisions.set(key, due);
      }
      return typeof due === 'number' ? due : 0;
    };

    const next = (): void => {
      while (timer === undefined) {
        const head = queue[0];
        if (!head) {
          if (ended) out.end();
          return;
        }
        const wait = head.due - performance.now();
        if (wait > 0) {
          timer = dueTimer(wait, () => {
            timer = undefined;
            next();
          });
          return;
        }
        queue.shift();
        out.push(head.chunk);
      }
    };

    return {
      buffered: () => queue.length,
      write(chunk) {
        queue.push({ chunk, due: dueOf(chunk) });
        if (timer === undefined) next();
      },
      end() {
        ended = true;
        if (timer === undefined) next();
      },
      stop(): Backlog {
        timer?.cancel();
        timer = undefined;
        return { chunks: queue.splice(0).map((q) => q.chunk), ended };
      },
    };
  },
};
