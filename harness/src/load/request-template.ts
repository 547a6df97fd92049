import { parseTemplate, TemplateSyntaxError, type RouteSpec, type TemplatePart } from '../scenario/index.js';
import { SeededRandom } from './seeded-random.js';

/** The parts of a request that change from one request to the next. */
export interface RequestParts {
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

type Piece = string | ((vars: Vars) => string);
interface Vars {
  seq: number;
  random: SeededRandom;
}

/**
 * Builds each request of a route from its spec, filling `{{seq}}`, `{{uuid}}`, `{{random_id}}`
 * and `{{pick a,b,c}}` in the path, header values and the string values of a JSON body (or a
 * text body as a whole), parsed by the one template grammar (scenario/request-template-grammar.ts).
 * A route without placeholders builds its request once and reuses it. Throws a RangeError naming
 * the route and the placeholder when one is not in the grammar (validation refuses those first).
 */
export class RequestTemplate {
  readonly method: string;
  readonly dynamic: boolean;
  private readonly random: SeededRandom;
  private seq = 0;
  private readonly path: Piece[];
  private readonly headers: [string, Piece[]][];
  private readonly body: unknown;
  private readonly bodyIsText: boolean;
  private readonly fixed: RequestParts | undefined;

  constructor(spec: RouteSpec, prefix: string, seed: number) {
    this.method = spec.method.toUpperCase();
    this.random = new SeededRandom(seed, spec.name);
    const headers: Record<string, string> = { ...spec.headers };
    this.bodyIsText = typeof spec.body === 'string';
    if (spec.body !== undefined && spec.body !== null && !this.bodyIsText) {
      const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
      if (!hasType) headers['content-type'] = 'application/json';
    }
    this.path = compile(prefix + spec.path, spec.name);
    this.headers = Object.entries(headers).map(([k, v]) => [k, compile(v, spec.name)]);
    this.body =
      spec.body === undefined || spec.body === null ? undefined : compileValue(spec.body, spec.name);
    this.dynamic = this.path.some(isFn) || this.headers.some(([, v]) => v.some(isFn)) || hasFn(this.body);
    this.fixed = this.dynamic ? undefined : this.build();
  }

  /** The next request's parts; `{{seq}}` counts from 1, per route. */
  next(): RequestParts {
    return this.fixed ?? this.build();
  }

  private build(): RequestParts {
    const vars: Vars = { seq: ++this.seq, random: this.random };
    const headers: Record<string, string> = {};
    for (const [k, v] of this.headers) headers[k] = render(v, vars);
    let body: Buffer | undefined;
    if (this.body !== undefined) {
      const value = renderValue(this.body, vars);
      body = Buffer.from(this.bodyIsText ? String(value) : JSON.stringify(value));
    }
    return { path: render(this.path, vars), headers, body };
  }
}

const isFn = (p: Piece): boolean => typeof p === 'function';

function hasFn(v: unknown): boolean {
  if (v instanceof Template) return v.pieces.some(isFn);
  if (Array.isArray(v)) return v.some(hasFn);
  if (v && typeof v === 'object') return Object.values(v).some(hasFn);
  return false;
}

/** A compiled string value inside a JSON body. */
class Template {
  constructor(readonly pieces: Piece[]) {}
}

function compileValue(v: unknown, route: string): unknown {
  if (typeof v === 'string') return new Template(compile(v, route));
  if (Array.isArray(v)) return v.map((x) => compileValue(x, route));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compileValue(x, route)]));
  }
  return v;
}

function renderValue(v: unknown, vars: Vars): unknown {
  if (v instanceof Template) return render(v.pieces, vars);
  if (Array.isArray(v)) return v.map((x) => renderValue(x, vars));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderValue(x, vars)]));
  }
  return v;
}

function render(pieces: Piece[], vars: Vars): string {
  if (pieces.length === 1 && typeof pieces[0] === 'string') return pieces[0];
  let s = '';
  for (const p of pieces) s += typeof p === 'string' ? p : p(vars);
  return s;
}

function compile(text: string, route: string): Piece[] {
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(text);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) throw new RangeError(`route "${route}": ${e.message}`);
    throw e;
  }
  return parts.map(piece);
}

function piece(part: TemplatePart): Piece {
  if (typeof part === 'string') return part;
  switch (part.variable) {
    case 'seq':
      return (v) => String(v.seq);
    case 'uuid':
      return (v) => v.random.uuid();
    case 'random_id':
      return (v) => v.random.hex8() + v.random.hex8();
    case 'pick': {
      const { items } = part;
      return (v) => items[Math.floor(v.random.next() * items.length)] ?? '';
    }
  }
}
