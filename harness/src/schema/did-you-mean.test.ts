import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, unknownKeyMessage } from './did-you-mean.js';

describe('didYouMean', () => {
  it('measures edits', () => {
    expect(editDistance('timout', 'timeout')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests a close key, ignoring case, and nothing for a far one', () => {
    expect(didYouMean('timout', ['name', 'timeout'])).toBe('timeout');
    expect(didYouMean('Load', ['load', 'faults'])).toBe('load');
    expect(didYouMean('zzz', ['load', 'faults'])).toBeUndefined();
  });

  it('words the message either way', () => {
    expect(unknownKeyMessage('lod', ['load', 'faults'])).toBe('unknown key "lod"; did you mean "load"?');
    expect(unknownKeyMessage('xyz', ['load', 'faults'])).toBe(
      'unknown key "xyz"; expected one of load, faults',
    );
  });
});
