import { describe, expect, it } from 'vitest';
import { RequestTemplate } from './request-template.js';
import { route } from './test-server.js';

describe('RequestTemplate', () => {
  it('fills seq, uuid, random_id and pick in path, headers and JSON string values', () => {
    const spec = route({
      method: 'post',
      path: '/orders/{{seq}}?sku={{pick a,b,c}}',
      headers: { 'idempotency-key': '{{uuid}}' },
      body: { id: '{{random_id}}', items: [{ sku: 'sku-{{seq}}', qty: 1 }], note: null },
    });
    const t = new RequestTemplate(spec, '/api', 42);
    expect(t.dynamic).toBe(true);
    expect(t.method).toBe('POST');
    const a = t.next();
    const b = t.next();
    expect(a.path).toMatch(/^\/api\/orders\/1\?sku=[abc]$/);
    expect(b.path).toMatch(/^\/api\/orders\/2\?sku=[abc]$/);
    expect(a.headers['idempotency-key']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(a.headers['idempotency-key']).not.toBe(b.headers['idempotency-key']);
    expect(a.headers['content-type']).toBe('application/json');
    const body = JSON.parse(a.body?.toString() ?? '') as {
      id: string;
      items: { sku: string; qty: number }[];
      note: null;
    };
    expect(body.id).toMatch(/^[0-9a-f]{16}$/);
    expect(body.items).toEqual([{ sku: 'sku-1', qty: 1 }]);
    expect(body.note).toBeNull();
  });

  it('is reproducible from the seed and differs between seeds and routes', () => {
    const spec = route({ path: '/{{uuid}}/{{pick x,y,z,w}}' });
    const paths = (seed: number, name = 'r'): string[] => {
      const t = new RequestTemplate({ ...spec, name }, '', seed);
      return [t.next().path, t.next().path, t.next().path];
    };
    expect(paths(7)).toEqual(paths(7));
    expect(paths(7)).not.toEqual(paths(8));
    expect(paths(7)).not.toEqual(paths(7, 'other'));
  });

  it('picks every item of a list about equally often', () => {
    const t = new RequestTemplate(route({ path: '/{{pick a, b ,c}}' }), '', 1);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) {
      const p = t.next().path;
      counts[p] = (counts[p] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(['/a', '/b', '/c']);
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(850);
  });

  it('templates a text body as a whole and reuses a request without placeholders', () => {
    const text = new RequestTemplate(route({ body: 'n={{seq}}' }), '', 0);
    expect(text.next().body?.toString()).toBe('n=1');
    const fixed = new RequestTemplate(route({ path: '/x', body: { a: 1 } }), '', 0);
    expect(fixed.dynamic).toBe(false);
    expect(fixed.next()).toBe(fixed.next());
  });

  it('names an unknown variable and a pick without items', () => {
    expect(() => new RequestTemplate(route({ path: '/{{id}}' }), '', 0)).toThrow(
      /unknown template variable \{\{id\}\}.*\{\{seq\}\}/,
    );
    expect(() => new RequestTemplate(route({ headers: { x: '{{pick}}' } }), '', 0)).toThrow(/needs a list/);
    expect(() => new RequestTemplate(route({ path: '/{{seq 3}}' }), '', 0)).toThrow(/takes no argument/);
  });
});
