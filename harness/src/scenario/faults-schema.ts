import * as z from 'zod';
import { didYouMean } from './did-you-mean.js';
import { expected } from './field-errors.js';
import type { FaultSpec, FaultType } from './types.js';
import { duration, EDGE, mapping, name } from './schema-primitives.js';

export const FAULT_TYPES: readonly FaultType[] = ['latency', 'partition', 'down', 'crash'];

/** Fault names appear in threshold tags (`fault:<name>`), which split on `,` and end at `}`. */
const faultName = z
  .string({ error: expected('a fault name') })
  .regex(/^[^,{}]*[^,{}\s][^,{}]*$/, { error: expected('a fault name without ",", "{" or "}"') })
  .transform((s) => s.trim());

const timing = { name: faultName.optional(), at: duration('5s', 0), for: duration('8s', 1) };
const edge = z.string({ error: expected('an edge like orders->payments') }).regex(EDGE, {
  error: expected('an edge like orders->payments'),
});

const latencyFault = mapping('a latency fault', {
  type: z.literal('latency'),
  ...timing,
  edge,
  latency: duration('250ms', 0),
  jitter: duration('50ms', 0).default(0),
}).transform((f): FaultSpec => ({
  type: 'latency',
  name: f.name ?? `latency ${f.edge}`,
  atMs: f.at,
  forMs: f.for,
  edge: f.edge,
  latencyMs: f.latency,
  jitterMs: f.jitter,
}));

function edgeFault<T extends 'partition' | 'down'>(type: T) {
  return mapping(`a ${type} fault`, { type: z.literal(type), ...timing, edge }).transform(
    (f): FaultSpec => ({ type, name: f.name ?? `${type} ${f.edge}`, atMs: f.at, forMs: f.for, edge: f.edge }),
  );
}

const crashFault = mapping('a crash fault', {
  type: z.literal('crash'),
  ...timing,
  service: name('a service name'),
  restart: z.boolean({ error: expected('true or false') }).default(true),
}).transform((f): FaultSpec => ({
  type: 'crash',
  name: f.name ?? `crash ${f.service}`,
  atMs: f.at,
  forMs: f.for,
  service: f.service,
  restart: f.restart,
}));

/** One entry of `faults:`, discriminated by `type`. */
export const faultSchema = z.discriminatedUnion('type', [latencyFault, edgeFault('partition'), edgeFault('down'), crashFault], {
  error: (iss) => {
    const t: unknown = (iss.input as { type?: unknown } | undefined)?.type;
    if (typeof iss.input !== 'object' || iss.input === null) return expected('a fault mapping')(iss);
    if (t === undefined) return `required; expected one of ${FAULT_TYPES.join(', ')}`;
    const guess = typeof t === 'string' ? didYouMean(t, FAULT_TYPES) : undefined;
    return `unknown fault type ${JSON.stringify(t)}${guess ? ` (did you mean "${guess}"?)` : ''}; expected one of ${FAULT_TYPES.join(', ')}`;
  },
});

