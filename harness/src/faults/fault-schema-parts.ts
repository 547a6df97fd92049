import * as z from 'zod';
import { doc, duration, EDGE, expected, mapping, name } from '../schema/index.js';

/** Fault names appear in threshold tags (`fault:<name>`), which split on `,` and end at `}`. */
const faultName = () =>
  doc(
    z
      .string({ error: expected('a fault name') })
      .regex(/^[^,{}]*[^,{}\s][^,{}]*$/, { error: expected('a fault name without ",", "{" or "}"') })
      .transform((s) => s.trim()),
    'names the fault in the report and in threshold tags (fault:<name>); defaults to "<type> <target>"',
    'slow payments',
  );

/** The fields every fault has: `name`, `at` and `for`. */
export const faultTiming = () => ({
  name: faultName().optional(),
  at: doc(duration('5s', 0), 'when the fault starts, counted from the end of warm-up', '5s'),
  for: doc(duration('8s', 1), 'how long the fault lasts; it is reverted at `at` + `for`', '8s'),
});

const edge = () =>
  doc(
    z
      .string({ error: expected('an edge like orders->payments') })
      .regex(EDGE, { error: expected('an edge like orders->payments') }),
    'the edge caller->upstream of the mesh whose proxy the fault acts on',
    'orders->payments',
  );

const service = () => doc(name('a service name'), 'the service of the mesh the fault acts on', 'payments');

const typeField = <T extends string>(t: T, description: string) => doc(z.literal(t), description, t);

/**
 * The mapping of a fault on an edge: `type`, `name`, `at`, `for`, `edge`, then the type's own
 * fields. `description` says what the fault does, for `faultline schema` and the docs.
 */
export function edgeFaultMapping<T extends string, F extends z.core.$ZodLooseShape>(
  type: T,
  description: string,
  fields: F,
) {
  return mapping(`a ${type} fault`, {
    type: typeField(type, description),
    ...faultTiming(),
    edge: edge(),
    ...fields,
  });
}

/** The mapping of a fault on a service: `type`, `name`, `at`, `for`, `service`, then its own fields. */
export function serviceFaultMapping<T extends string, F extends z.core.$ZodLooseShape>(
  type: T,
  description: string,
  fields: F,
) {
  return mapping(`a ${type} fault`, {
    type: typeField(type, description),
    ...faultTiming(),
    service: service(),
    ...fields,
  });
}

/** The spec fields every edge fault has, from its parsed mapping; the name defaults to `<type> <edge>`. */
export function edgeFaultBase<T extends string>(
  type: T,
  f: { name?: string | undefined; at: number; for: number; edge: string },
) {
  return { type, name: f.name ?? `${type} ${f.edge}`, atMs: f.at, forMs: f.for, edge: f.edge };
}

/** The spec fields every service fault has; the name defaults to `<type> <service>`. */
export function serviceFaultBase<T extends string>(
  type: T,
  f: { name?: string | undefined; at: number; for: number; service: string },
) {
  return { type, name: f.name ?? `${type} ${f.service}`, atMs: f.at, forMs: f.for, service: f.service };
}
