import type { Link } from './link.js';
import {
  HttpFramer,
  targetPath,
  type Chunk,
  type Exchange,
  type HttpPart,
  type Piece,
  type ToxicOutput,
} from './toxics/index.js';

/**
 * HTTP/1.1 on one connection, for its HTTP toxics: frames the requests at the head of the
 * upstream link and the responses at the head of the downstream link, pairs them in order,
 * and labels every chunk with its exchange (see toxics/http-toxic.ts). Keeps the responses in
 * request order: an answer the proxy makes for request 2 (http_error upstream) is sent once
 * response 1 has entered the downstream link, never before.
 *
 * Exists only on connections of a proxy with an HTTP toxic; others pay nothing.
 */
export class HttpConversation {
  /** Requests whose response has not been sent onward, oldest first. Its head is always open. */
  private readonly pending: Exchange[] = [];
  private readonly answers = new Map<Exchange, Buffer>();
  private readonly requests: HttpFramer;
  private readonly responses: HttpFramer;
  /** The exchange whose request (or response) body is being framed. */
  private requestOf: Exchange | undefined;
  private responseOf: Exchange | undefined;

  /**
   * @param resync the connection was already carrying data: bytes pass unlabelled until a chunk
   *   starts with a request (or status) line
   */
  constructor(
    upstream: Link,
    private readonly downstream: Link,
    resync: boolean,
  ) {
    this.requests = new HttpFramer('request', undefined, resync);
    this.responses = new HttpFramer('response', () => this.pending[0]?.request.method ?? 'GET', resync);
    upstream.setTap((forward) => this.tap(forward, this.requests, (p) => this.requestPart(p)));
    downstream.setTap((forward) => this.tap(forward, this.responses, (p) => this.responsePart(p)));
  }

  private tap(
    forward: ToxicOutput,
    framer: HttpFramer,
    label: (piece: Piece) => HttpPart | undefined,
  ): ToxicOutput {
    const emit = (pieces: Piece[], at: number): void => {
      for (const piece of pieces) {
        const chunk: Chunk = { data: piece.data, at };
        const part = label(piece);
        if (part) chunk.http = part;
        forward.push(chunk);
        if (part?.last && part.message === 'response') this.responded(part.exchange);
      }
    };
    return {
      push: (chunk) => emit(framer.feed(chunk.data), chunk.at),
      end: () => {
        emit(framer.end(), performance.now());
        forward.end();
      },
    };
  }

  private requestPart(piece: Piece): HttpPart | undefined {
    if (piece.kind === 'raw') return undefined;
    if (piece.kind === 'head') {
      const { method, target, headers } = piece.head;
      const exchange: Exchange = {
        request: { method, path: targetPath(target), headers },
        decisions: new Map(),
        respond: (answer) => this.answer(exchange, answer),
      };
      this.pending.push(exchange);
      this.requestOf = exchange;
    }
    const exchange = this.requestOf;
    return exchange && { exchange, message: 'request', kind: piece.kind, last: piece.last };
  }

  private responsePart(piece: Piece): HttpPart | undefined {
    if (piece.kind === 'raw') return undefined;
    if (piece.kind === 'head') {
      const s = piece.head.status;
      // An interim response (100 Continue) is not the answer: it passes unlabelled.
      if (s < 200 && s !== 101) return undefined;
      this.responseOf = this.pending[0];
    }
    const exchange = this.responseOf;
    return exchange && { exchange, message: 'response', kind: piece.kind, last: piece.last };
  }

  /** The response of the oldest open exchange has entered the downstream link. */
  private responded(exchange: Exchange): void {
    this.responseOf = undefined;
    if (this.pending[0] === exchange) this.pending.shift();
    this.flush();
  }

  private answer(exchange: Exchange, data: Buffer): void {
    this.answers.set(exchange, data);
    this.flush();
  }

  /** Sends the answers that are next in request order (or all, once responses are no longer framed). */
  private flush(): void {
    for (;;) {
      const raw = this.responses.raw;
      const i = raw ? this.pending.findIndex((e) => this.answers.has(e)) : 0;
      const next = this.pending[i];
      const data = next && this.answers.get(next);
      if (!next || !data) return;
      this.pending.splice(i, 1);
      this.answers.delete(next);
      const part: HttpPart = { exchange: next, message: 'response', kind: 'head', last: true };
      this.downstream.inject({ data, at: performance.now(), http: part });
    }
  }
}
