import { describe, expect, it } from 'vitest';
import { jsonPointer, sampleMisses, type ProbeAnswer } from './probe-expectation.js';

describe('sampleMisses', () => {
  it('judges status, JSON pointers and errors of HTTP samples', () => {
    // A sample as results.json keeps it: its time and duration beside the answer.
    const s = (over: ProbeAnswer) => ({ tMs: 0, ms: 5, ...over });
    const open = { status: 200, json: { pointer: '/breaker/state', equals: 'open' } };
    expect(sampleMisses(open, s({ status: 200, body: { breaker: { state: 'open' } } }))).toBeUndefined();
    expect(sampleMisses(open, s({ status: 200, body: { breaker: { state: 'closed' } } }))).toBe(
      '/breaker/state was "closed", not "open"',
    );
    expect(sampleMisses(open, s({ status: 503 }))).toBe('status 503, not 200');
    expect(sampleMisses(open, s({ status: 200, body: {} }))).toBe('no value at /breaker/state');
    expect(sampleMisses(open, s({ error: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(jsonPointer({ 'a/b': [{ '~x': 1 }] }, '/a~1b/0/~0x')).toEqual({ found: true, value: 1 });
    expect(jsonPointer([1], '/1')).toEqual({ found: false });
    expect(jsonPointer('x', '')).toEqual({ found: true, value: 'x' });
  });
});
