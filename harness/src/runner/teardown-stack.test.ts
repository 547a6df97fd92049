import { describe, expect, it } from 'vitest';
import { TeardownStack } from './teardown-stack.js';

describe('TeardownStack', () => {
  it('undoes newest first, keeps going past failures and reports them', async () => {
    const order: string[] = [];
    const stack = new TeardownStack();
    stack.push('a', async () => void order.push('a'));
    stack.push('b', async () => {
      order.push('b');
      throw new Error('boom');
    });
    stack.push('c', async () => void order.push('c'));
    expect(await stack.unwind()).toEqual(['b: boom']);
    expect(order).toEqual(['c', 'b', 'a']);
    expect(await stack.unwind()).toEqual([]);
  });
});
