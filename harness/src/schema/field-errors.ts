import { unknownKeyMessage } from './did-you-mean.js';

/** What zod hands an error function: enough to say what was found. */
interface RawIssue {
  code?: string;
  input?: unknown;
  keys?: string[];
}

/** Describes a YAML value the way a user sees it: `20`, `"abc"`, `a list`, `nothing`. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/**
 * An error function for a field: `required; expected <what>` when the key is missing,
 * `expected <what>, got <value>` otherwise.
 */
export function expected(what: string, note?: (input: unknown) => string | undefined) {
  return (iss: RawIssue): string => {
    if (iss.input === undefined) return `required; expected ${what}`;
    const extra = note?.(iss.input);
    return `expected ${what}, got ${describeValue(iss.input)}${extra ? ` (${extra})` : ''}`;
  };
}

/**
 * The error function of a strict mapping: one `unknown key` line per unrecognized key, in the
 * order of `keys`, so each can be placed at its own key; `expected <what>` otherwise.
 */
export function mappingErrors(what: string, known: readonly string[]) {
  const otherwise = expected(what);
  return (iss: RawIssue): string =>
    iss.code === 'unrecognized_keys'
      ? (iss.keys ?? []).map((k) => unknownKeyMessage(k, known)).join('\n')
      : otherwise(iss);
}

/** The generic fallback for issues a field did not word itself. */
export function fallbackMessage(iss: RawIssue & { expected?: string; message?: string }): string | undefined {
  if (iss.code === 'invalid_type') {
    const what =
      iss.expected === 'array'
        ? 'a list'
        : iss.expected === 'object'
          ? 'a mapping'
          : `a ${iss.expected ?? 'value'}`;
    return expected(what)(iss);
  }
  return undefined;
}
