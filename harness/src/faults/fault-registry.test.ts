import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as z from 'zod';
import type { Canary } from './fault-type.js';
import {
  canaryBoundMs,
  describeFault,
  expectedEffect,
  faultAction,
  FAULT_TYPES,
  faultParams,
  faultRegistry,
  faultSchema,
  faultTypes,
  judgeEffect,
  type FaultSpec,
} from './fault-types.js';
import { latencyFault } from './latency-fault.js';

interface PropertySchema {
  description?: string;
  examples?: unknown[];
  const?: string;
}
interface OptionSchema {
  description?: string;
  properties: Record<string, PropertySchema>;
}

/** The JSON Schema of one `faults:` entry, as `faultline schema` publishes it. */
const options = (
  z.toJSONSchema(faultSchema, { io: 'input', unrepresentable: 'any' }) as { oneOf: OptionSchema[] }
).oneOf;

/** A fault of each type made of the examples its schema gives editors. */
function exampleOf(option: OptionSchema): FaultSpec {
  const input = Object.fromEntries(Object.entries(option.properties).map(([k, p]) => [k, p.examples?.[0]]));
  return faultSchema.parse(input);
}

const answered = (ms: number): Canary => ({ outcome: 'answered', ms });

describe('the fault registry', () => {
  it('files each fault type under its own YAML type, in the order the schema lists them', () => {
    for (const [key, type] of Object.entries(faultTypes)) expect(type.type).toBe(key);
    expect(options.map((o) => o.properties['type']?.const)).toEqual([...FAULT_TYPES]);
    expect(Object.keys(faultTypes)).toEqual([...FAULT_TYPES]);
  });

  it('gives every field of every fault type a description and an example in the JSON Schema', () => {
    for (const option of options) {
      expect(option.description, JSON.stringify(option.properties['type'])).toMatch(/^an? \w+ fault$/);
      for (const [field, p] of Object.entries(option.properties)) {
        const where = `${option.properties['type']?.const}.${field}`;
        expect(p.description, where).toBeTruthy();
        expect(p.examples, where).toHaveLength(1);
      }
    }
  });

  it.each(options.map((o) => [o.properties['type']?.const, o] as const))(
    '%s: its example parses and has a plan line, recorded params, an effect and a canary bound',
    (type, option) => {
      const fault = exampleOf(option);
      expect(fault.type).toBe(type);
      const target = 'edge' in fault ? fault.edge : fault.service;
      expect(describeFault(fault)).toContain(`${type} ${target}`);
      const recorded = { type: fault.type, params: faultParams(fault) };
      for (const v of Object.values(recorded.params))
        expect(['string', 'number', 'boolean']).toContain(typeof v);
      expect(expectedEffect(recorded)).not.toBe('');
      expect(canaryBoundMs(fault)).toBeGreaterThan(0);
      expect(canaryBoundMs(fault)).toBeLessThanOrEqual(fault.forMs);
      // Edge faults act through the edge's proxy, service faults on the service; a command
      // fault acts through its own commands, whatever its target.
      if (fault.type === 'command') expect(faultAction(fault).kind).toBe('command');
      else expect(faultAction(fault).kind === 'service').toBe('service' in fault);
      // A fault whose canary answers as before has not shown its effect, unless the type says
      // a canary cannot tell, and then the evidence says so.
      const unchanged = judgeEffect(recorded, answered(3), answered(3));
      if (unchanged.shown) expect(unchanged.note).toBe(`no canary expectation for ${type} faults`);
    },
  );

  it('describes each fault in the plan by its window and what it does', () => {
    const line = (flow: string) => describeFault(faultSchema.parse(parse(flow)));
    const edge = 'at: 5s, for: 10s, edge: orders->payments';
    expect(line(`{ type: latency, ${edge}, latency: 250ms, jitter: 50ms }`)).toBe(
      '5s–15s latency orders->payments +250ms ±50ms',
    );
    expect(line(`{ type: latency, ${edge}, latency: 1s }`)).toBe('5s–15s latency orders->payments +1s');
    expect(line(`{ type: partition, ${edge} }`)).toBe('5s–15s partition orders->payments (holds every byte)');
    expect(line(`{ type: down, ${edge} }`)).toBe('5s–15s down orders->payments (refuses connections)');
    expect(line(`{ type: reset_peer, ${edge}, timeout: 1.5s }`)).toBe(
      '5s–15s reset_peer orders->payments (RST 1s500ms after data)',
    );
    expect(line(`{ type: bandwidth, ${edge}, rate: 10 }`)).toBe('5s–15s bandwidth orders->payments 10 KB/s');
    expect(line(`{ type: slow_close, ${edge}, delay: 2s }`)).toBe(
      '5s–15s slow_close orders->payments (close delayed 2s)',
    );
    expect(line(`{ type: timeout, ${edge}, timeout: 300ms }`)).toBe(
      '5s–15s timeout orders->payments (drop, close after 300ms)',
    );
    const svc = 'at: 5s, for: 10s, service: payments';
    expect(line(`{ type: crash, ${svc} }`)).toBe('5s–15s crash payments (SIGKILL, restart at the end)');
    expect(line(`{ type: crash, ${svc}, restart: false }`)).toBe(
      '5s–15s crash payments (SIGKILL, no restart)',
    );
    expect(line(`{ type: freeze, ${svc} }`)).toBe('5s–15s freeze payments (SIGSTOP, SIGCONT at the end)');
  });

  it('names every registered type when a fault names none of them', () => {
    const result = faultSchema.safeParse({ type: 'latncy', at: '1s', for: '1s', edge: 'a->b' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      `unknown fault type "latncy" (did you mean "latency"?); expected one of ${FAULT_TYPES.join(', ')}`,
    );
  });

  it('refuses at compile time an entry missing a part, or filed under another type', () => {
    const { effect: _effect, ...withoutEffect } = latencyFault;
    const { canaryBoundMs: _bound, ...withoutBound } = latencyFault;
    // @ts-expect-error -- an entry without the effect it must show is incomplete
    expect(faultRegistry({ latency: withoutEffect }).latency).not.toHaveProperty('effect');
    // @ts-expect-error -- an entry without its canary bound is incomplete
    expect(faultRegistry({ latency: withoutBound }).latency).not.toHaveProperty('canaryBoundMs');
    // @ts-expect-error -- the key must be the entry's own YAML type
    expect(faultRegistry({ lag: latencyFault }).lag.type).toBe('latency');
  });
});
