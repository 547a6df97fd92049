import * as z from 'zod';
import { expected } from './field-errors.js';
import type { Scenario } from './types.js';
import { checksSchema, sloSchema, thresholdsSchema } from './checks-schema.js';
import { faultSchema } from './faults-schema.js';
import { loadSchema } from './load-schema.js';
import { mapping, name } from './schema-primitives.js';

export { FAULT_TYPES } from './faults-schema.js';

/**
 * The zod schema of a scenario file. It produces a {@link Scenario} without `file` and `source`:
 * defaults filled, durations in ms, rates in req/s. Threshold keys and expressions are parsed
 * here; checks that relate fields to each other are in cross-checks.ts.
 */
export const scenarioSchema = mapping('a scenario mapping with name, load and optionally faults and checks', {
  name: name('a scenario name'),
  description: z.string({ error: expected('a text') }).default(''),
  mesh: z.string({ error: expected('"sample" or a path to a mesh file') }).min(1, { error: expected('"sample" or a path to a mesh file') }).default('sample'),
  seed: z.int({ error: expected('a whole number') }).min(0, { error: expected('a whole number >= 0') }).max(2 ** 32 - 1, { error: expected('a whole number below 2^32') }).default(1),
  load: loadSchema,
  faults: z.array(faultSchema, { error: expected('a list of faults') }).default([]),
  checks: checksSchema.default({ thresholds: {}, breakers: [], recovery: [], isolation: [] }),
  slo: sloSchema.default({}),
  abort: thresholdsSchema.default({}),
}) satisfies z.ZodType<Omit<Scenario, 'file' | 'source'>>;
