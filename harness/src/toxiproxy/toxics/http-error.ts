import { STATUS_CODES } from 'node:http';
import { AttributeError, type HttpSelection, type HttpToxicType } from './http-toxic.js';
import {
  decodeSelection,
  fieldsOf,
  headerName,
  intField,
  selectAll,
  selectionFields,
  selector,
  stringField,
} from './http-selection.js';
import type { PassesAtOnce, ToxicRunner } from './toxic.js';

export interface HttpErrorAttributes extends HttpSelection {
  /** The answer's status, 100–599. */
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The answer's bytes: a status line, the given headers, a content-length, the body. */
export function errorResponse(a: HttpErrorAttributes, headRequest: boolean): Buffer {
  const body = Buffer.from(a.body);
  const lines = [`HTTP/1.1 ${a.status} ${STATUS_CODES[a.status] ?? 'Unknown'}`];
  const given = new Set(Object.keys(a.headers).map((n) => n.toLowerCase()));
  if (body.length > 0 && !given.has('content-type')) lines.push('Content-Type: text/plain; charset=utf-8');
  if (!given.has('content-length')) lines.push(`Content-Length: ${body.length}`);
  for (const [name, value] of Object.entries(a.headers)) lines.push(`${name}: ${value}`);
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  return headRequest ? head : Buffer.concat([head, body]);
}

/**
 * `http_error`: answers the selected requests itself with `status`, `body` and `headers`.
 * Upstream, the request is never forwarded (its body is dropped) and the answer takes its
 * place among the responses, in request order. Downstream, the request reaches the server and
 * its response is replaced by the answer.
 */
export const httpErrorToxic: PassesAtOnce & HttpToxicType<HttpErrorAttributes> = {
  type: 'http_error',
  http: true,
  passesAtOnce: true,
  acted: 'answered',
  decode(input, base) {
    const b = base ?? { ...selectAll, status: 500, body: '', headers: {} };
    const f = fieldsOf(input, [...selectionFields, 'status', 'body', 'headers'], 'http_error attribute');
    const status = f.status === undefined ? b.status : intField(f.status, 'status', 100, 599);
    const body = f.body === undefined ? b.body : stringField(f.body, 'body');
    let headers = b.headers;
    if (f.headers !== undefined) {
      if (typeof f.headers !== 'object' || f.headers === null || Array.isArray(f.headers))
        throw new AttributeError('headers must be an object of header name to value');
      const given: Record<string, string> = {};
      for (const [name, value] of Object.entries(f.headers)) {
        headerName(name, 'headers');
        const v = stringField(value, `headers.${name}`);
        if (/[\r\n]/.test(v)) throw new AttributeError(`headers.${name} must not contain a line break`);
        given[name] = v;
      }
      headers = given;
    }
    return { ...decodeSelection(f, b), status, body, headers };
  },
  start({ attributes, out, random, counters, key }): ToxicRunner {
    const select = selector(attributes, counters, random);
    return {
      write(chunk) {
        const part = chunk.http;
        if (!part) return out.push(chunk);
        const { exchange } = part;
        let answer = exchange.decisions.get(key);
        if (answer === undefined && part.kind === 'head') {
          answer = select(exchange);
          exchange.decisions.set(key, answer);
        }
        if (answer !== true) return out.push(chunk);
        if (part.kind !== 'head') return;
        const bytes = errorResponse(attributes, exchange.request.method === 'HEAD');
        if (part.message === 'request') exchange.respond(bytes);
        else out.push({ data: bytes, at: chunk.at, http: { ...part, last: true } });
      },
      end: () => out.end(),
      stop: () => ({ chunks: [], ended: false }),
    };
  },
};
