import { describe, expect, it } from 'vitest';
import { startServerSpan, toTraceparent } from './trace-context.js';

describe('trace context', () => {
  it('continues a valid traceparent with a new span whose parent is the caller', () => {
    const ctx = startServerSpan('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(ctx.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(ctx.parentId).toBe('b7ad6b7169203331');
    expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(ctx.spanId).not.toBe('b7ad6b7169203331');
    expect(toTraceparent(ctx)).toBe(`00-0af7651916cd43dd8448eb211c80319c-${ctx.spanId}-01`);
  });

  it.each([
    undefined,
    '',
    'garbage',
    '00-00000000000000000000000000000000-b7ad6b7169203331-01',
    '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01',
  ])('starts a new sampled trace for %j', (header) => {
    const ctx = startServerSpan(header);
    expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ctx.traceId).not.toBe('0'.repeat(32));
    expect(ctx.parentId).toBeUndefined();
    expect(ctx.flags).toBe('01');
  });
});
