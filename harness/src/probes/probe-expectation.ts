/**
 * What an expectation reads of one answer to a probe: an HTTP answer's status and parsed JSON
 * body, a command's exit code, or why there was no answer. results.json's probe samples have
 * this shape.
 */
export interface ProbeAnswer {
  status?: number;
  exit?: number;
  /** The parsed JSON body, when the expectation reads one. */
  body?: unknown;
  /** Why there is no answer: a refused connection, a timeout, a command that could not start. */
  error?: string;
}

/** What one answer to a probe must show; every field given must hold. */
export interface ProbeExpectation {
  /** HTTP status of the answer. */
  status?: number;
  /** The value at an RFC 6901 JSON pointer of the answer's JSON body, compared as JSON. */
  json?: { pointer: string; equals: unknown };
  /** Exit code of the command. */
  exit?: number;
}

/** Why an answer does not show what is expected, or undefined when it does. Pure. */
export function sampleMisses(e: ProbeExpectation, s: ProbeAnswer): string | undefined {
  if (s.error !== undefined && (e.status !== undefined || e.json !== undefined)) return s.error;
  if (e.status !== undefined && s.status !== e.status) return `status ${s.status ?? 'none'}, not ${e.status}`;
  if (e.exit !== undefined && s.exit !== e.exit)
    return `exit ${s.exit ?? (s.error ? `none (${s.error})` : 'none')}, not ${e.exit}`;
  if (e.json !== undefined) {
    const got = jsonPointer(s.body, e.json.pointer);
    if (!got.found) return `no value at ${e.json.pointer}`;
    if (JSON.stringify(got.value) !== JSON.stringify(e.json.equals))
      return `${e.json.pointer} was ${JSON.stringify(got.value)}, not ${JSON.stringify(e.json.equals)}`;
  }
  return undefined;
}

/** The value at an RFC 6901 pointer (`""` is the whole document; `~1` is `/`, `~0` is `~`). Pure. */
export function jsonPointer(doc: unknown, pointer: string): { found: boolean; value?: unknown } {
  if (pointer === '') return { found: true, value: doc };
  let at: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at) && /^(0|[1-9]\d*)$/.test(key) && Number(key) < at.length) at = at[Number(key)];
    else if (at !== null && typeof at === 'object' && !Array.isArray(at) && Object.hasOwn(at, key))
      at = (at as Record<string, unknown>)[key];
    else return { found: false };
  }
  return { found: true, value: at };
}

/** What an expectation asks, for the verdict's limit: `status 200, /state = "open"`. */
export function describeExpectation(e: ProbeExpectation): string {
  return [
    ...(e.status !== undefined ? [`status ${e.status}`] : []),
    ...(e.exit !== undefined ? [`exit ${e.exit}`] : []),
    ...(e.json !== undefined ? [`${e.json.pointer} = ${JSON.stringify(e.json.equals)}`] : []),
  ].join(', ');
}
