import * as z from 'zod';
import { faultSchema } from '../faults/index.js';
import { expected, mapping, name } from '../schema/index.js';
import type { Scenario } from './types.js';
import { checksSchema, sloSchema, thresholdsSchema } from './checks-schema.js';
import { exploreSchema } from './explore-schema.js';
import { loadSchema } from './load-schema.js';

/**
 * The zod schema of a scenario file. It produces a {@link Scenario} without `file` and `source`:
 * defaults filled, durations in ms, rates in req/s. Threshold keys and expressions are parsed
 * here; checks that relate fields to each other are in cross-checks.ts.
 */
export const scenarioSchema = mapping('a scenario mapping with name, load and optionally faults and checks', {
  name: name('a scenario name').meta({
    description: 'names the run and its output folder: letters, digits, . _ -',
    examples: ['payments-latency'],
  }),
  description: z
    .string({ error: expected('a text') })
    .default('')
    .meta({
      description: 'what resilience property the scenario proves, shown at the top of the report',
      examples: ['Payments slows down; checkout must fail fast into its fallback.'],
    }),
  mesh: z
    .string({ error: expected('"sample" or a path to a mesh file') })
    .min(1, { error: expected('"sample" or a path to a mesh file') })
    .default('sample')
    .meta({
      description: '"sample" for the bundled mesh, or a path to a mesh file relative to this scenario',
      examples: ['sample', 'mesh.yaml'],
    }),
  seed: z
    .int({ error: expected('a whole number') })
    .min(0, { error: expected('a whole number >= 0') })
    .max(2 ** 32 - 1, { error: expected('a whole number below 2^32') })
    .default(1)
    .meta({
      description:
        'seed of every random choice (jitter, toxicity, request templates), so a run can be repeated',
      examples: [42],
    }),
  load: loadSchema.meta({
    description: 'the traffic: warm-up, measured duration and the routes sent to the mesh entry',
  }),
  faults: z
    .array(faultSchema, { error: expected('a list of faults') })
    .default([])
    .meta({ description: 'faults on the timeline; offsets count from the end of warm-up' }),
  checks: checksSchema
    .default({ thresholds: {}, breakers: [], recovery: [], isolation: [], metrics: [], probes: [] })
    .meta({
      description:
        'how the run is judged: k6 thresholds, breakers, recovery, isolation, metrics (docs/checks.md)',
    }),
  slo: sloSchema({
    description:
      'per-route SLO: the baseline must meet it (else the run is inconclusive), isolated routes must keep it during faults',
    examples: [{ catalog: ['p(99)<150', 'rate<0.01'] }],
  }),
  abort: thresholdsSchema({
    description: "thresholds checked every second; the first that fails stops the run (as k6's abortOnFail)",
    examples: [{ 'http_req_failed{route:checkout}': ['rate<0.5'] }],
  }),
  explore: exploreSchema.optional().meta({
    description: 'how `faultline explore` breaks every dependency and judges each fault (docs/explore.md)',
  }),
}) satisfies z.ZodType<Omit<Scenario, 'file' | 'source'>>;
