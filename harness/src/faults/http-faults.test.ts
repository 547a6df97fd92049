import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeFault, faultParams, faultSchema, judgeEffect, type FaultSpec } from './fault-types.js';
import { matchingCanary } from './http-fault-parts.js';
import type { HttpErrorFault } from './http-error-fault.js';

const edge = 'at: 1s, for: 4s, edge: orders->inventory';
const fault = (flow: string): FaultSpec => faultSchema.parse(parse(flow));
const messages = (flow: string): string[] =>
  faultSchema.safeParse(parse(flow)).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('HTTP fault types', () => {
  it('parse match, rate, first and stream, and describe them in the plan', () => {
    const f = fault(
      `{ type: http_error, ${edge}, status: 503, rate: 0.3, match: { method: POST, path: /reservations, headers: { X-Route: checkout } } }`,
    ) as HttpErrorFault;
    expect(f).toMatchObject({
      stream: 'upstream',
      rate: 0.3,
      first: 0,
      match: { method: 'POST', path: '/reservations', headers: { 'x-route': 'checkout' } },
    });
    expect(describeFault(f)).toBe(
      '1s–5s http_error orders->inventory answers 503 on POST /reservations [x-route=checkout], 30 %',
    );
    expect(faultParams(f)).toEqual({
      status: 503,
      match: 'POST /reservations [x-route=checkout]',
      rate: 0.3,
      first: 0,
      stream: 'upstream',
    });
    expect(
      describeFault(fault(`{ type: http_delay, ${edge}, latency: 300ms, match: { path: "/products/*" } }`)),
    ).toBe('1s–5s http_delay orders->inventory +300ms on /products/*');
    expect(describeFault(fault(`{ type: http_abort, ${edge}, first: 2, mode: close }`))).toBe(
      '1s–5s http_abort orders->inventory close after response head + 0 B on every request, first 2',
    );
  });

  it('refuse unknown match fields, a status outside 100–599, a rate outside 0–1 and first with a rate', () => {
    expect(messages(`{ type: http_error, ${edge}, status: 503, match: { verb: GET } }`)).toEqual([
      'match: unknown key "verb"; expected one of method, path, headers',
    ]);
    expect(messages(`{ type: http_error, ${edge}, status: 700 }`)).toEqual([
      'status: expected an HTTP status from 100 to 599, got 700',
    ]);
    expect(messages(`{ type: http_delay, ${edge}, latency: 1s, rate: 1.5 }`)).toEqual([
      'rate: expected a share from 0 to 1, got 1.5',
    ]);
    expect(messages(`{ type: http_error, ${edge}, status: 503, rate: 0.5, first: 3 }`)).toEqual([
      'first: first and rate cannot be combined: "the first N" needs rate 1',
    ]);
  });

  it('make a canary that meets the match, or say why none can', () => {
    const f = fault(
      `{ type: http_error, ${edge}, status: 503, match: { method: POST, path: "/api/**/items", headers: { x-route: checkout, x-canary: true } } }`,
    ) as HttpErrorFault;
    expect(matchingCanary(f, '127.0.0.1:9')).toEqual({
      request:
        'POST /api/faultline-canary/items HTTP/1.1\r\nHost: 127.0.0.1:9\r\nConnection: close\r\n' +
        'User-Agent: faultline-canary\r\nx-route: checkout\r\nx-canary: 1\r\nContent-Length: 0\r\n\r\n',
    });
    const first = fault(`{ type: http_error, ${edge}, status: 503, first: 3 }`) as HttpErrorFault;
    expect(matchingCanary(first, '127.0.0.1:9')).toEqual({ why: expect.stringContaining('first 3') });
  });

  it('judge an http_error on the status of the matching canary', () => {
    const recorded = { type: 'http_error' as const, params: { status: 503, rate: 1, first: 0 } };
    const before = { outcome: 'answered' as const, ms: 3, status: 200 };
    expect(judgeEffect(recorded, before, { outcome: 'answered', ms: 2, status: 503 })).toMatchObject({
      shown: true,
    });
    expect(judgeEffect(recorded, before, { outcome: 'answered', ms: 2, status: 200 })).toEqual({
      shown: false,
      why: 'the matching canary was answered 200, not 503',
      measured: 2,
    });
  });
});
