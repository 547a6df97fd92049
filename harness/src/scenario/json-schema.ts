import * as z from 'zod';
import { scenarioSchema } from './scenario-schema.js';

/**
 * The JSON Schema (draft 2020-12, or draft-07 for editors that know no newer one) of a scenario
 * file as written, for editors (`# yaml-language-server: $schema=...`). It describes shapes and
 * patterns; only {@link parseScenario} decides validity (cross-field checks, threshold grammar).
 */
export function scenarioJsonSchema(
  target: 'draft-2020-12' | 'draft-7' = 'draft-2020-12',
): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any', target }),
    title: 'faultline scenario',
  };
}
