import { describe, expect, it } from 'vitest';
import { mostSeriousExitCode } from './exit-ranking.js';

describe('mostSeriousExitCode', () => {
  it('ranks 5 > interrupted > 3 > 1 > 4 > 0', () => {
    expect(mostSeriousExitCode([])).toBe(0);
    expect(mostSeriousExitCode([0, 4, 0])).toBe(4);
    expect(mostSeriousExitCode([4, 1, 0])).toBe(1);
    expect(mostSeriousExitCode([1, 3, 4])).toBe(3);
    expect(mostSeriousExitCode([3, 130, 1])).toBe(130);
    expect(mostSeriousExitCode([143, 5, 3])).toBe(5);
  });
});
