import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResponseParser, type ResponseSink } from './response-parser.js';

interface Seen {
  status: number;
  body: string;
  keepAlive: boolean | null;
  headers: Record<string, string> | null;
}

function recorder(): { sink: ResponseSink; seen: Seen[] } {
  const seen: Seen[] = [];
  const sink: ResponseSink = {
    onHead: (status, headers) => seen.push({ status, body: '', keepAlive: null, headers }),
    onBody: (chunk) => {
      const last = seen.at(-1);
      if (last) last.body += chunk.toString('latin1');
    },
    onEnd: (keepAlive) => {
      const last = seen.at(-1);
      if (last) last.keepAlive = keepAlive;
    },
  };
  return { sink, seen };
}

/** Feeds `wire` to a parser in pieces cut at `cuts`; then the close when `close`. */
function parse(wire: string, cuts: number[] = [], opts: { head?: boolean; close?: boolean } = {}): Seen[] {
  const { sink, seen } = recorder();
  const p = new ResponseParser(sink, opts.head ?? false, true, true);
  const bytes = Buffer.from(wire, 'latin1');
  let at = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(bytes.length)) {
    if (cut <= at || cut > bytes.length) continue;
    // A copy that is overwritten afterwards, as the shared read buffer is.
    const piece = Buffer.from(bytes.subarray(at, cut));
    p.execute(piece);
    piece.fill(0);
    at = cut;
  }
  if (opts.close) expect(p.finish()).toBe(true);
  return seen;
}

const OK =
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok';
const CHUNKED =
  'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-Fallback: cache\r\n\r\n' +
  '5;ext=1\r\nhello\r\n1A\r\n' +
  'abcdefghijklmnopqrstuvwxyz' +
  '\r\n0\r\nTrailer: x\r\n\r\n';
const CONTINUE_THEN_OK = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\nX: y\r\n\r\n' + OK;
const NO_CONTENT = 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n';
const NOT_MODIFIED = 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n';
const CLOSING = 'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbusy';

describe('ResponseParser', () => {
  it('reads status, headers and a Content-Length body, and keeps the connection', () => {
    expect(parse(OK)).toEqual([
      {
        status: 200,
        body: 'ok',
        keepAlive: true,
        headers: { 'content-type': 'text/plain', 'content-length': '2', connection: 'keep-alive' },
      },
    ]);
  });

  it('decodes a chunked body with extensions and trailers', () => {
    const [r] = parse(CHUNKED);
    expect(r).toMatchObject({ status: 201, body: 'helloabcdefghijklmnopqrstuvwxyz', keepAlive: true });
    expect(r?.headers?.['x-fallback']).toBe('cache');
  });

  it('skips 1xx interim responses and reports only the final one', () => {
    expect(parse(CONTINUE_THEN_OK).map((r) => [r.status, r.body])).toEqual([[200, 'ok']]);
  });

  it('knows responses without a body: to HEAD, 204 and 304', () => {
    expect(parse(NO_CONTENT + OK).map((r) => [r.status, r.body])).toEqual([
      [204, ''],
      [200, 'ok'],
    ]);
    expect(parse(NOT_MODIFIED + OK).map((r) => [r.status, r.body])).toEqual([
      [304, ''],
      [200, 'ok'],
    ]);
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n';
    expect(parse(head + head, [], { head: true }).map((r) => [r.status, r.body])).toEqual([
      [200, ''],
      [200, ''],
    ]);
  });

  it('ends the connection on Connection: close, on HTTP/1.0 without keep-alive, and reads an unframed body until the close', () => {
    expect(parse(CLOSING)[0]).toMatchObject({ status: 503, body: 'busy', keepAlive: false });
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx')[0]?.keepAlive).toBe(false);
    expect(
      parse('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx')[0]?.keepAlive,
    ).toBe(true);
    const seen = parse('HTTP/1.1 200 OK\r\n\r\nuntil the end', [20], { close: true });
    expect(seen).toEqual([{ status: 200, body: 'until the end', keepAlive: false, headers: {} }]);
  });

  it('says a response cut short by the close did not end cleanly', () => {
    const { sink } = recorder();
    const p = new ResponseParser(sink);
    p.execute(Buffer.from(OK.slice(0, -1), 'latin1'));
    expect(p.idle).toBe(false);
    expect(p.finish()).toBe(false);
    const idle = new ResponseParser(sink);
    expect(idle.finish()).toBe(true);
  });

  it('refuses what is not an HTTP/1 response', () => {
    const bad = [
      'SSH-2.0-OpenSSH\r\n\r\n',
      'HTTP/1.1 2x0 OK\r\n\r\n',
      'HTTP/1.1 200 OK\r\nNoColon\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n',
    ];
    for (const wire of bad) expect(() => parse(wire), wire).toThrow();
  });

  it('parses the same responses however the bytes are split, several to a chunk or one over many', () => {
    const responses = [OK, CHUNKED, CONTINUE_THEN_OK, NO_CONTENT, NOT_MODIFIED];
    const whole = (list: number[]): Seen[] => parse(list.map((i) => responses[i]).join(''));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: responses.length - 1 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (list, cuts) => {
          const wire = list.map((i) => responses[i]).join('');
          expect(
            parse(
              wire,
              cuts.map((c) => c % (wire.length + 1)),
            ),
          ).toEqual(whole(list));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits a body of any size at any point and passes every byte once', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 10 }),
        (text, chunked, cuts) => {
          const body = Buffer.from(text, 'utf8').toString('latin1');
          const wire = chunked
            ? `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body.length ? `${body.length.toString(16)}\r\n${body}\r\n` : ''}0\r\n\r\n`
            : `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
          const seen = parse(
            wire + OK,
            cuts.map((c) => c % (wire.length + 1)),
          );
          expect(seen.map((r) => r.body)).toEqual([body, 'ok']);
        },
      ),
      { numRuns: 300 },
    );
  });
});
