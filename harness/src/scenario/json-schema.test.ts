import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from './json-schema.js';

describe('scenarioJsonSchema', () => {
  const schema = scenarioJsonSchema() as {
    required: string[];
    additionalProperties: boolean;
    properties: Record<string, { properties?: Record<string, { pattern?: string }> }>;
  };

  it('describes the file as written: strict, with name and load required', () => {
    expect(schema.required).toEqual(['name', 'load']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([
      'name',
      'description',
      'mesh',
      'seed',
      'load',
      'faults',
      'checks',
      'slo',
      'abort',
      'explore',
    ]);
  });

  it('gives durations a pattern that agrees with the parser on examples', () => {
    const pattern = new RegExp(schema.properties['load']?.properties?.['duration']?.pattern ?? '^$');
    for (const ok of ['250ms', '2s', '1.5s', '1m30s', '1h']) expect(pattern.test(ok)).toBe(true);
    for (const bad of ['', '20', '1 s', '30s1m']) expect(pattern.test(bad)).toBe(false);
  });
});
