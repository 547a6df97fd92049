import { describe, expect, it } from 'vitest';
import { seconds } from './explore.fixture.js';
import { steadySince, steadyStateOf } from './steady-state.js';

const steady = steadyStateOf({ checkout: ['p(90)<250', 'rate<0.01'], catalog: ['p(99)<300'] });

describe('steadySince', () => {
  it('finds the first window in which every route meets its SLO', () => {
    const s = [
      ...seconds('checkout', 0, 4, 20, 600),
      ...seconds('checkout', 4, 9, 20, 20),
      ...seconds('catalog', 0, 9, 50, 10),
    ];
    expect(steadySince(s, steady, ['checkout', 'catalog'], 0, 3)).toBe(4);
    expect(steadySince(s, steady, ['catalog'], 0, 3)).toBe(0);
  });

  it('waits for the window to close on every route', () => {
    const s = [...seconds('checkout', 0, 5, 20, 20), ...seconds('catalog', 0, 2, 50, 10)];
    expect(steadySince(s, steady, ['checkout', 'catalog'], 0, 3)).toBeNull();
    expect(steadySince(s, steady, ['checkout'], 0, 3)).toBe(0);
  });

  it('counts failures as missing the steady state', () => {
    const s = seconds('checkout', 0, 6, 20, 20, { failed: 5 });
    expect(steadySince(s, steady, ['checkout'], 0, 3)).toBeNull();
  });
});
