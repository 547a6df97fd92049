import * as z from 'zod';
import { parseDuration } from './duration.js';
import { expected, mappingErrors } from './field-errors.js';

/** Names that can name a folder and a tag value: letters, digits, `.`, `_`, `-`. */
export const NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
export const EDGE = /^[A-Za-z0-9._-]+->[A-Za-z0-9._-]+$/;
export const REQUEST = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\/\S*)$/;
/** For editors (JSON Schema); parseDuration decides. */
const DURATION_PATTERN = '^(?=\\d)(\\d+(\\.\\d+)?h)?(\\d+(\\.\\d+)?m)?(\\d+(\\.\\d+)?s)?(\\d+ms)?$';
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A strict mapping: unknown keys are errors, with a "did you mean" for near misses. */
export function mapping<T extends z.core.$ZodLooseShape>(what: string, shape: T) {
  return z.strictObject(shape, { error: mappingErrors(what, Object.keys(shape)) });
}

/** A name usable as a folder and a tag value; `what` names it in errors. */
export function name(what: string) {
  const error = expected(`${what} of letters, digits, ".", "_" or "-"`);
  return z.string({ error }).regex(NAME, { error });
}

/** A whole number from `min` to `max`; `what` names it in errors (`an HTTP status from 100 to 599`). */
export function wholeNumber(what: string, min: number, max: number) {
  const error = expected(`${what} from ${min} to ${max}`);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** An HTTP status code, 100 to 599. */
export const httpStatus = () => wholeNumber('an HTTP status', 100, 599);

/**
 * The longest duration a scenario may give: a day. Longer ones are typos or hostile input, and
 * would overflow Node's timers (2^31 ms) or make per-second loops run for ever.
 */
export const MAX_DURATION_MS = 24 * 3_600_000;

/** A duration string into ms; `min` 1 rejects zero; at most {@link MAX_DURATION_MS}. */
export function duration(example: string, min: 0 | 1) {
  const what = `a duration like ${example}`;
  const bare = (v: unknown): string | undefined =>
    typeof v === 'number' ? `a bare number has no unit; write ${v}ms or ${v}s` : undefined;
  const input = z
    .string({ error: expected(what, bare) })
    .meta({ description: what, pattern: DURATION_PATTERN, examples: [example] });
  return input.transform((s, ctx) => {
    const ms = parseDuration(s.trim());
    if (ms === undefined) ctx.addIssue({ code: 'custom', input: s, message: expected(what)({ input: s }) });
    else if (ms < min)
      ctx.addIssue({ code: 'custom', input: s, message: `must be longer than 0, got "${s}"` });
    else if (ms > MAX_DURATION_MS)
      ctx.addIssue({ code: 'custom', input: s, message: `must be at most 24h, got "${s}"` });
    return ms ?? 0;
  });
}

/**
 * Gives a field its description and an example for editors. zod drops `examples` from a
 * transforming schema's input side, so on a transform they go on the schema it reads.
 */
export function doc<S extends z.ZodType>(schema: S, description: string, example: unknown): S {
  const target = schema instanceof z.ZodPipe ? (schema.in as z.ZodType) : schema;
  z.globalRegistry.add(target, { ...z.globalRegistry.get(target), examples: [example] });
  return schema.meta({ description }) as S;
}
