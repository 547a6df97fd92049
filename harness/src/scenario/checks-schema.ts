import * as z from 'zod';
import { parseMetricKey, parseThreshold, ThresholdSyntaxError } from '../checks/index.js';
import { expected } from './field-errors.js';
import { mapping } from './schema-primitives.js';

const thresholds = z
  .record(
    z.string(),
    z.array(z.string({ error: expected('an expression like "p(99)<150"') }), {
      error: expected('a list of expressions like ["p(99)<150"]'),
    }),
    { error: expected('a mapping of metric keys to lists of expressions') },
  )
  // Runs even when some entries have the wrong type, so every bad key and expression is listed.
  .superRefine(
    (map, ctx) => {
      for (const [key, expressions] of Object.entries(map)) {
        try {
          parseMetricKey(key);
        } catch (e) {
          if (!(e instanceof ThresholdSyntaxError)) throw e;
          ctx.addIssue({ code: 'custom', path: [key], message: e.reason, params: { at: 'key' } });
          continue;
        }
        if (!Array.isArray(expressions)) continue;
        expressions.forEach((expr: unknown, i) => {
          if (typeof expr !== 'string') return;
          try {
            parseThreshold(key, expr);
          } catch (e) {
            if (!(e instanceof ThresholdSyntaxError)) throw e;
            ctx.addIssue({ code: 'custom', path: [key, i], message: e.message });
          }
        });
      }
    },
    { when: (p) => typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value) },
  );

/** `checks:` — what the run is judged on. */
export const checksSchema = mapping('a mapping with thresholds', { thresholds: thresholds.default({}) });

