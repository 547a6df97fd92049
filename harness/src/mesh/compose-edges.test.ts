import { describe, expect, it } from 'vitest';
import { canaryRequest, findReferences, rewriteReferences } from './compose-edges.js';
import { interpolate, parseDotEnv } from './compose-interpolate.js';

const services = ['payments', 'db', 'cache', 'api'];
const refs = (value: string) =>
  findReferences(value, services).map(({ upstream, port, scheme }) => ({ upstream, port, scheme }));

describe('findReferences', () => {
  it('finds URLs whose host is a service, with or without a port, credentials or path', () => {
    expect(refs('http://payments:8080/pay')).toEqual([{ upstream: 'payments', port: 8080, scheme: 'http' }]);
    expect(refs('redis://cache:6379')).toEqual([{ upstream: 'cache', port: 6379, scheme: 'redis' }]);
    expect(refs('postgres://shop:secret@db/shop?sslmode=disable')).toEqual([
      { upstream: 'db', port: undefined, scheme: 'postgres' },
    ]);
  });

  it('finds host:port pairs alone and in lists', () => {
    expect(refs('payments:5432')).toEqual([{ upstream: 'payments', port: 5432, scheme: undefined }]);
    expect(refs('db:5432,cache:6379').map((r) => r.upstream)).toEqual(['db', 'cache']);
  });

  it('leaves alone names that only contain a service name, other hosts and bare words', () => {
    expect(refs('http://payments.example.com:80')).toEqual([]);
    expect(refs('http://mypayments:80')).toEqual([]);
    expect(refs('payments')).toEqual([]);
    expect(refs('http://other:80/payments:1')).toEqual([]);
  });
});

describe('rewriteReferences', () => {
  const to = (up: string) => (up === 'db' ? 'faultline-toxiproxy:10001' : undefined);
  it('replaces host[:port] and keeps scheme, credentials, path and query', () => {
    expect(rewriteReferences('postgres://u:p@db/shop?x=1', services, to)).toBe(
      'postgres://u:p@faultline-toxiproxy:10001/shop?x=1',
    );
    expect(rewriteReferences('db:5432 and http://api:80', services, to)).toBe(
      'faultline-toxiproxy:10001 and http://api:80',
    );
  });
});

describe('canaryRequest', () => {
  it('speaks the protocol callers use, else HTTP', () => {
    expect(canaryRequest('redis', 6379)).toBe('PING\r\n');
    expect(canaryRequest(undefined, 5432)).toHaveLength(8);
    expect(canaryRequest('http', 8080)).toBeUndefined();
  });
});

describe('interpolate', () => {
  const vars = { SET: 'yes', EMPTY: '' };
  it('substitutes, defaults and escapes as Compose does', () => {
    expect(interpolate('${SET}-$SET-${UNSET:-d}-${EMPTY:-d}-${EMPTY-d}-$$X', vars)).toEqual({
      value: 'yes-yes-d-d--$X',
    });
  });
  it('reports a required variable that is not set, and malformed braces', () => {
    expect(interpolate('${UNSET:?set it}', vars)).toEqual({
      error: 'required variable UNSET is not set: set it',
    });
    expect(interpolate('${not closed', vars)).toMatchObject({
      error: expect.stringContaining('invalid interpolation'),
    });
  });
  it('reads .env lines', () => {
    expect(parseDotEnv('# c\nA=1\nexport B="two words"\nC=3 # note\n\n')).toEqual({
      A: '1',
      B: 'two words',
      C: '3',
    });
  });
});
