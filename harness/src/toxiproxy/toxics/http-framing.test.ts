import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpFramer, type Piece } from './http-framing.js';

const feedAll = (f: HttpFramer, data: Buffer, cuts: number[]): Piece[] => {
  const pieces: Piece[] = [];
  let from = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < data.length)]
    .sort((a, b) => a - b)
    .concat(data.length)) {
    if (cut <= from) continue;
    pieces.push(...f.feed(data.subarray(from, cut)));
    from = cut;
  }
  return [...pieces, ...f.end()];
};

const kinds = (pieces: Piece[]): string =>
  pieces
    .map((p) =>
      p.kind === 'head' ? `head${p.last ? '.' : ''}` : p.kind === 'body' ? `body${p.last ? '.' : ''}` : 'raw',
    )
    .join(' ');

const textArb = fc.oneof(
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.constantFrom(
    'GET / HTTP/1.1\r\nHost: a\r\n\r\n',
    'POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc',
    'POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    'HTTP/1.1 204 No Content\r\n\r\n',
    '\r\n',
    'GET /bad path HTTP/1.1\r\n\r\n',
  ),
);

describe('HttpFramer', () => {
  it('never changes, drops or adds a byte, and never throws, however the input is cut', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('request' as const, 'response' as const),
        fc.array(textArb, { maxLength: 8 }),
        fc.array(fc.nat(400), { maxLength: 6 }),
        (role, texts, cuts) => {
          const data = Buffer.from(texts.join(''), 'latin1');
          const pieces = feedAll(new HttpFramer(role), data, cuts);
          expect(Buffer.concat(pieces.map((p) => p.data)).equals(data)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('frames pipelined keep-alive requests: content-length, chunked with trailers, bodiless', () => {
    const data = Buffer.from(
      'GET /a HTTP/1.1\r\nHost: a\r\n\r\n' +
        'POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc' +
        'POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x\r\nabc\r\n0\r\nT: 1\r\n\r\n' +
        'GET /d HTTP/1.1\r\n\r\n',
    );
    const pieces = new HttpFramer('request').feed(data);
    expect(kinds(pieces)).toBe('head. head body. head body. head.');
    expect(pieces.flatMap((p) => (p.kind === 'head' ? [`${p.head.method} ${p.head.target}`] : []))).toEqual([
      'GET /a',
      'POST /b',
      'POST /c',
      'GET /d',
    ]);
  });

  it('holds a head until it is complete and passes body bytes at once', () => {
    const f = new HttpFramer('request');
    expect(f.feed(Buffer.from('POST / HTTP/1.1\r\nContent-Le'))).toEqual([]);
    expect(kinds(f.feed(Buffer.from('ngth: 4\r\n\r\nab')))).toBe('head body');
    expect(kinds(f.feed(Buffer.from('cd')))).toBe('body.');
  });

  it('goes raw from the first byte it cannot parse, and stays raw', () => {
    const f = new HttpFramer('request');
    expect(kinds(f.feed(Buffer.from('GET / HTTP/1.1\r\n\r\n\x00GET / HTTP/1.1\r\n\r\n')))).toBe('head. raw');
    expect(kinds(f.feed(Buffer.from('GET / HTTP/1.1\r\n\r\n')))).toBe('raw');
    const smuggle = new HttpFramer('request');
    const both = 'POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n';
    expect(kinds(smuggle.feed(Buffer.from(both)))).toBe('raw');
    const chunk = new HttpFramer('request');
    expect(
      kinds(chunk.feed(Buffer.from('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))),
    ).toBe('head body raw');
  });

  it('knows bodiless responses and responses read until close, and stops after an upgrade', () => {
    const head = new HttpFramer('response', () => 'HEAD');
    expect(
      kinds(head.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\n\r\n'))),
    ).toBe('head. head.');
    const close = new HttpFramer('response');
    expect(kinds(close.feed(Buffer.from('HTTP/1.0 200 OK\r\n\r\nall of it')))).toBe('head body');
    const upgrade = new HttpFramer('response');
    expect(kinds(upgrade.feed(Buffer.from('HTTP/1.1 101 Switching\r\n\r\nHTTP/1.1 200 OK\r\n\r\n')))).toBe(
      'head. raw',
    );
    const req = new HttpFramer('request');
    expect(kinds(req.feed(Buffer.from('GET / HTTP/1.1\r\nUpgrade: ws\r\n\r\nGET / HTTP/1.1\r\n\r\n')))).toBe(
      'head. raw',
    );
  });

  it('when resyncing, passes chunks raw until one starts like a head', () => {
    const f = new HttpFramer('request', undefined, true);
    expect(kinds(f.feed(Buffer.from('rest of a body')))).toBe('raw');
    expect(kinds(f.feed(Buffer.from('GET / HTTP/1.1\r\n\r\n')))).toBe('head.');
  });
});
