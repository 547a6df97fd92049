import * as z from 'zod';
import { doc, expected, httpStatus, mapping, wholeNumber } from '../schema/index.js';
import type { ProbeExpectation } from './probe-expectation.js';

/**
 * The fields of an expectation (`ProbeExpectation`), each optional and documented; none
 * transforms its value, so a mapping made of them keeps its examples in the JSON Schema.
 */
export const expectationFields = {
  status: doc(httpStatus(), 'the HTTP status each answer must have', 200).optional(),
  json: doc(
    mapping('a JSON check like { pointer: /state, equals: closed }', {
      pointer: doc(
        z
          .string({ error: expected('a JSON pointer like /breaker/state') })
          .regex(/^(\/[^/]*)*$/, { error: expected('a JSON pointer like /breaker/state (RFC 6901)') }),
        'where in the JSON body to look (RFC 6901)',
        '/breaker/state',
      ),
      equals: doc(z.unknown(), 'the value it must hold, compared as JSON', 'closed'),
    }),
    'a value the JSON body of each answer must hold',
    { pointer: '/breaker/state', equals: 'closed' },
  ).optional(),
  exit: doc(
    wholeNumber('an exit code', 0, 255),
    'the exit code each run of the command must have',
    0,
  ).optional(),
};

/**
 * The expectation a mapping of `expectationFields` wrote: only the fields given, and a JSON
 * check as its pointer and value alone.
 */
export function expectationOf(e: {
  status?: number | undefined;
  json?: { pointer: string; equals?: unknown } | undefined;
  exit?: number | undefined;
}): ProbeExpectation {
  return {
    ...(e.status === undefined ? {} : { status: e.status }),
    ...(e.json === undefined ? {} : { json: { pointer: e.json.pointer, equals: e.json.equals } }),
    ...(e.exit === undefined ? {} : { exit: e.exit }),
  };
}

const urlError = expected('an http:// or https:// URL');

/** An http:// or https:// URL to GET. */
export const httpUrl = () =>
  z
    .string({ error: urlError })
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), { error: urlError });
