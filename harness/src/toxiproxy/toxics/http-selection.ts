import {
  AttributeError,
  type Exchange,
  type HttpCounters,
  type HttpSelection,
  type RequestInfo,
  type RequestMatch,
} from './http-toxic.js';

/** Matching, `rate`/`first` selection, and the decoding of the attributes all HTTP toxics share. */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const anyRequest: RequestMatch = { method: '', path: '', headers: {} };
export const selectAll = { match: anyRequest, rate: 1, first: 0 } as const;

function globRegExp(glob: string): RegExp {
  const parts = glob.split(/(\*\*|\*)/).map((p) => {
    if (p === '**') return '.*';
    if (p === '*') return '[^/]*';
    return p.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}$`);
}

/** A compiled `match`: whether a request meets it. */
export function requestMatcher(m: RequestMatch): (r: RequestInfo) => boolean {
  const glob = m.path.includes('*') ? globRegExp(m.path) : undefined;
  const headers = Object.entries(m.headers);
  return (r) => {
    if (m.method !== '' && r.method !== m.method) return false;
    if (glob ? !glob.test(r.path) : !r.path.startsWith(m.path)) return false;
    return headers.every(([name, want]) =>
      r.headers.some(([n, v]) => n === name && (want === true || v === want)),
    );
  };
}

/** The path of a request target (origin or absolute form), without its query. */
export function targetPath(target: string): string {
  let path = target;
  if (!path.startsWith('/')) {
    const scheme = path.indexOf('://');
    if (scheme >= 0) {
      const slash = path.indexOf('/', scheme + 3);
      path = slash >= 0 ? path.slice(slash) : '/';
    }
  }
  const q = path.indexOf('?');
  return q >= 0 ? path.slice(0, q) : path;
}

/**
 * Decides, once per exchange, whether this toxic acts on it: `match`, then `first` (a count
 * shared by every connection of the proxy) or `rate` (the seeded PRNG). Counts both.
 */
export function selector(
  sel: HttpSelection,
  counters: HttpCounters,
  random: () => number,
): (exchange: Exchange) => boolean {
  const matches = requestMatcher(sel.match);
  return (exchange) => {
    if (!matches(exchange.request)) return false;
    counters.matched++;
    const act = sel.first > 0 ? counters.acted < sel.first : sel.rate >= 1 || random() < sel.rate;
    if (act) counters.acted++;
    return act;
  };
}

// ---- attribute decoding ------------------------------------------------------------------

type Plain = Record<string, unknown>;

function isObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The fields of `input` (an object or null), refusing any name not in `known`. */
export function fieldsOf(input: unknown, known: readonly string[], what: string): Plain {
  if (input === null || input === undefined) return {};
  if (!isObject(input)) throw new AttributeError(`${what} must be an object`);
  for (const key of Object.keys(input)) {
    if (!known.includes(key))
      throw new AttributeError(`unknown ${what} field "${key}" (valid: ${known.join(', ')})`);
  }
  return input;
}

export function intField(v: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new AttributeError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return v;
}

export function stringField(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new AttributeError(`${name} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/** A header name for the wire: an HTTP token. */
export function headerName(name: string, where: string): string {
  if (!TOKEN.test(name)) throw new AttributeError(`${where}: "${name}" is not a valid header name`);
  return name;
}

function decodeMatch(input: unknown, base: RequestMatch): RequestMatch {
  const f = fieldsOf(input, ['method', 'path', 'headers'], 'match');
  const method = f.method === undefined ? base.method : stringField(f.method, 'match.method');
  if (method !== '' && !TOKEN.test(method))
    throw new AttributeError(`match.method "${method}" is not a method`);
  const path = f.path === undefined ? base.path : stringField(f.path, 'match.path');
  if (path !== '' && !path.startsWith('/') && !path.startsWith('*'))
    throw new AttributeError(`match.path must start with "/" or "*", got "${path}"`);
  let headers = base.headers;
  if (f.headers !== undefined) {
    if (!isObject(f.headers)) throw new AttributeError('match.headers must be an object');
    const out: Record<string, string | true> = {};
    for (const [name, want] of Object.entries(f.headers)) {
      headerName(name, 'match.headers');
      if (want !== true && typeof want !== 'string')
        throw new AttributeError(`match.headers.${name} must be a string (the value) or true (present)`);
      out[name.toLowerCase()] = want;
    }
    headers = out;
  }
  return { method, path, headers };
}

/** Names of the shared attributes, for `fieldsOf`. */
export const selectionFields = ['match', 'rate', 'first'] as const;

/** Decodes `match`, `rate` and `first` from the toxic's fields onto `base`. */
export function decodeSelection(f: Plain, base: HttpSelection): HttpSelection {
  const match = f.match === undefined ? base.match : decodeMatch(f.match, base.match);
  let rate = base.rate;
  if (f.rate !== undefined) {
    if (typeof f.rate !== 'number' || !(f.rate >= 0 && f.rate <= 1))
      throw new AttributeError(`rate must be a number from 0 to 1, got ${JSON.stringify(f.rate)}`);
    rate = f.rate;
  }
  const first = f.first === undefined ? base.first : intField(f.first, 'first', 0);
  if (first > 0 && rate < 1)
    throw new AttributeError('rate and first cannot both be set: first acts on every one of the first N');
  return { match, rate, first };
}
