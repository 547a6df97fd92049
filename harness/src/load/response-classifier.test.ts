import { describe, expect, it } from 'vitest';
import { ResponseClassifier } from './response-classifier.js';

describe('ResponseClassifier', () => {
  it('counts 2xx and 3xx as success by default, failures by class otherwise', () => {
    const c = new ResponseClassifier({});
    expect([200, 204, 302, 404, 429, 500, 503].map((s) => c.outcome(s))).toEqual([
      'ok',
      'ok',
      'ok',
      'http4xx',
      'http4xx',
      'http5xx',
      'http5xx',
    ]);
  });

  it('uses the route’s success ranges; an excluded status below 500 counts as http4xx', () => {
    const c = new ResponseClassifier({
      success: [
        [200, 200],
        [202, 202],
        [404, 404],
      ],
    });
    expect([200, 202, 404, 201, 302, 500].map((s) => c.outcome(s))).toEqual([
      'ok',
      'ok',
      'ok',
      'http4xx',
      'http4xx',
      'http5xx',
    ]);
  });

  it('matches a header rule by presence or value', () => {
    const present = new ResponseClassifier({ degraded: { header: 'X-Fallback' } });
    expect(present.isDegraded({ 'x-fallback': 'payments' })).toBe(true);
    expect(present.isDegraded({ 'x-other': '1' })).toBe(false);
    const equals = new ResponseClassifier({ degraded: { header: 'x-fallback', equals: 'payments' } });
    expect(equals.isDegraded({ 'x-fallback': ['cache', 'payments'] })).toBe(true);
    expect(equals.isDegraded({ 'x-fallback': 'cache' })).toBe(false);
    expect(equals.needsBody).toBe(false);
  });

  it('matches a JSON rule on a dotted field, and never on a body that is not JSON', () => {
    const c = new ResponseClassifier({ degraded: { json: 'order.status', equals: 'pending-payment' } });
    expect(c.needsBody).toBe(true);
    const body = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));
    expect(c.isDegraded({}, body({ order: { status: 'pending-payment' } }))).toBe(true);
    expect(c.isDegraded({}, body({ order: { status: 'paid' } }))).toBe(false);
    expect(c.isDegraded({}, body({ order: 'pending-payment' }))).toBe(false);
    expect(c.isDegraded({}, Buffer.from('<html>'))).toBe(false);
    expect(
      new ResponseClassifier({ degraded: { json: 'fallback' } }).isDegraded({}, body({ fallback: false })),
    ).toBe(true);
  });
});
