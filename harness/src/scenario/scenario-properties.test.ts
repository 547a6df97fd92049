import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { InvalidInputError } from '../errors/index.js';
import { parseScenario } from './parse-scenario.js';

const valid = {
  name: 'prop',
  mesh: 'sample',
  seed: 1,
  load: {
    warmup: '1s',
    duration: '10s',
    routes: [{ name: 'catalog', request: 'GET /api/catalog', rate: '10/s' }],
  },
  faults: [
    { name: 'slow', type: 'latency', edge: 'orders->payments', at: '1s', for: '2s', latency: '100ms' },
  ],
  checks: { thresholds: { 'http_req_failed{route:catalog}': ['rate<0.01'] } },
};

/** Anything YAML can hold, hostile strings and numbers included. */
const anyValue = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '1e309',
    '-5s',
    '0s',
    '99999999999999h',
    '<script>',
    '\u001b[2J',
    'GET',
    'latency',
    '1/s',
    '',
  ),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
);

type Json = Record<string, unknown> | unknown[];

/** Replaces, deletes or adds one key somewhere in a copy of `doc`, following `steps` to pick where. */
function mutate(
  doc: Json,
  steps: number[],
  action: 'set' | 'delete' | 'add',
  value: unknown,
  key: string,
): Json {
  const copy = structuredClone(doc) as Json;
  let node: unknown = copy;
  for (const step of steps) {
    const children =
      node !== null && typeof node === 'object'
        ? Object.values(node as object).filter((v) => v !== null && typeof v === 'object')
        : [];
    if (children.length === 0) break;
    node = children[step % children.length];
  }
  if (node === null || typeof node !== 'object') return copy;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  const target = keys.length > 0 ? keys[(steps[0] ?? 0) % keys.length]! : key;
  if (action === 'delete') delete obj[target];
  else obj[action === 'add' ? key : target] = value;
  return copy;
}

/** The validator's contract: a Scenario, or an InvalidInputError whose every issue is placed. */
function expectAcceptedOrPlaced(text: string): void {
  try {
    parseScenario(text, 'prop.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInputError);
    const issues = (err as InvalidInputError).issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const i of issues) {
      expect(i.file).toBe('prop.yaml');
      expect(i.line).toBeGreaterThanOrEqual(1);
      expect(i.col).toBeGreaterThanOrEqual(1);
      expect(i.message.length).toBeGreaterThan(0);
    }
  }
}

describe('scenario validation on generated documents', () => {
  it('the unmutated document is valid (so mutations start from a real scenario)', () => {
    expect(parseScenario(stringify(valid), 'prop.yaml').name).toBe('prop');
  });

  it('accepts or rejects with placed issues every mutated scenario', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.array(fc.nat(), { maxLength: 5 }),
            fc.constantFrom('set', 'delete', 'add') as fc.Arbitrary<'set' | 'delete' | 'add'>,
            anyValue,
            fc.string({ maxLength: 10 }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (mutations) => {
          let doc: Json = valid;
          for (const [steps, action, value, key] of mutations) doc = mutate(doc, steps, action, value, key);
          expectAcceptedOrPlaced(stringify(doc));
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('accepts or rejects with placed issues arbitrary text, YAML-looking or not', () => {
    const yamlish = fc
      .array(
        fc.oneof(
          fc.constantFrom(
            'name: x',
            'load:',
            '  duration: 5s',
            '- a',
            '&a [1]',
            '*a',
            '{',
            ']',
            ': :',
            '\t',
            '"',
            '#',
            '---',
            '? k',
          ),
          fc.string({ maxLength: 12 }),
        ),
        { maxLength: 12 },
      )
      .map((parts) => parts.join('\n'));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish), expectAcceptedOrPlaced), {
      numRuns: 300,
      seed: 7,
    });
  });
});
