import type { MessageHead } from './http-framing.js';
import type { ToxicOutput, ToxicRunner } from './toxic.js';

/**
 * The contract of an HTTP toxic, on top of the one in toxic.ts.
 *
 * When a proxy has an HTTP toxic, each of its connections frames both directions (see
 * http-framing.ts and ../http-conversation.ts) and every chunk entering a link's toxics carries
 * an `HttpPart`: which request/response exchange it belongs to and whether it is that message's
 * head or body. A chunk without a part is not HTTP (garbage, an upgraded connection, a toxic
 * added mid-message): an HTTP toxic passes it unchanged. An HTTP toxic:
 * - decides once per exchange, on the head, and keeps that decision in `decisions` under its
 *   `key`, so a restarted runner (an update, a toxic appended after it) acts the same on the
 *   rest of the message and counts nothing twice;
 * - acts on the message of its own direction: the request upstream, the response downstream;
 * - passes every byte of an exchange it did not select unchanged, in order.
 */

/** The request of an exchange, as matched. Header names lower-case. */
export interface RequestInfo {
  readonly method: string;
  /** The target's path, without the query string. */
  readonly path: string;
  readonly headers: MessageHead['headers'];
}

/** One request and its response on a connection. */
export interface Exchange {
  readonly request: RequestInfo;
  /** Each HTTP toxic's decision for this exchange, under its `key`. */
  readonly decisions: Map<object, unknown>;
  /** Answer the request in the proxy's name; the answer waits for the responses before it. */
  respond(answer: Buffer): void;
}

export interface HttpPart {
  readonly exchange: Exchange;
  readonly message: 'request' | 'response';
  readonly kind: 'head' | 'body';
  /** The last piece of the message. */
  readonly last: boolean;
}

/** What an HTTP toxic did, over every connection of its proxy; shown in the toxic's JSON. */
export interface HttpCounters {
  /** Requests that met `match` (on runs where toxicity drew the toxic active). */
  matched: number;
  /** Of those, the ones the toxic acted on (`rate`, `first`). */
  acted: number;
}

/** The attributes every HTTP toxic has. */
export interface HttpSelection {
  readonly match: RequestMatch;
  /** Share of matched requests acted on, drawn from the server's seeded PRNG. */
  readonly rate: number;
  /** When > 0: act on the first `first` matched requests only (across connections), then pass. */
  readonly first: number;
}

export interface RequestMatch {
  /** '' = any method. */
  readonly method: string;
  /** '' = any path; a prefix, or a glob when it contains `*` (`*` within a segment, `**` across). */
  readonly path: string;
  /** Lower-case header name → value that must equal one of its values, or `true`: present. */
  readonly headers: Readonly<Record<string, string | true>>;
}

export interface HttpToxicContext<A> {
  readonly attributes: A;
  readonly out: ToxicOutput;
  readonly random: () => number;
  readonly counters: HttpCounters;
  /** This toxic on this connection: the key of its `Exchange.decisions`. */
  readonly key: object;
  /** Make the coming close of this link a reset (RST) instead of a FIN. */
  readonly resetOnClose: () => void;
}

/** One HTTP toxic type. Its attributes are not Go integers: it decodes and shows them itself. */
export interface HttpToxicType<A extends HttpSelection = HttpSelection> {
  readonly type: string;
  readonly http: true;
  /** The name of `HttpCounters.acted` in the toxic's JSON: `answered`, `delayed`, `aborted`. */
  readonly acted: string;
  /**
   * Decodes the API's `attributes` (plain JSON) onto `base` (the current attributes on an
   * update, else the defaults). Throws `AttributeError` for anything unknown or out of range.
   */
  decode(input: unknown, base: A | undefined): A;
  start(ctx: HttpToxicContext<A>): ToxicRunner;
}

export function isHttpToxicType(t: object): t is HttpToxicType {
  return (t as Partial<HttpToxicType>).http === true;
}

/** Bad attributes: the API answers 400 `bad request body: <message>`. */
export class AttributeError extends Error {}
