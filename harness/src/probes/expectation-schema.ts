import * as z from 'zod';
import { doc, expected, mapping } from '../schema/index.js';

const whole = (what: string, min: number, max: number) => {
  const error = expected(`${what} from ${min} to ${max}`);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

/**
 * The fields of an expectation (`ProbeExpectation`), each optional and documented; none
 * transforms its value, so a mapping made of them keeps its examples in the JSON Schema.
 */
export const expectationFields = {
  status: doc(whole('an HTTP status', 100, 599), 'the HTTP status each answer must have', 200).optional(),
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
  exit: doc(whole('an exit code', 0, 255), 'the exit code each run of the command must have', 0).optional(),
};

const urlError = expected('an http:// or https:// URL');

/** An http:// or https:// URL to GET. */
export const httpUrl = () =>
  z
    .string({ error: urlError })
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), { error: urlError });
