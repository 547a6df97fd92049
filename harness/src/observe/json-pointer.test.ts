import { describe, expect, it } from 'vitest';
import { resolvePointer } from './json-pointer.js';

describe('resolvePointer', () => {
  const doc = {
    circuitBreakers: { 'a/b': { state: 'OPEN' }, back: { state: 'CLOSED' } },
    list: [true, false],
  };

  it('follows members and array indexes, with ~1 and ~0 escapes', () => {
    expect(resolvePointer(doc, '/circuitBreakers/back/state')).toBe('CLOSED');
    expect(resolvePointer(doc, '/circuitBreakers/a~1b/state')).toBe('OPEN');
    expect(resolvePointer(doc, '/list/1')).toBe(false);
    expect(resolvePointer(doc, '')).toBe(doc);
  });

  it('is undefined for a member that is not there', () => {
    expect(resolvePointer(doc, '/circuitBreakers/front/state')).toBeUndefined();
    expect(resolvePointer(doc, '/list/01')).toBeUndefined();
    expect(resolvePointer(doc, '/list/x')).toBeUndefined();
    expect(resolvePointer(doc, '/toString')).toBeUndefined();
  });
});
