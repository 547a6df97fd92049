import { NOT_IN_HEADER_VALUE, NOT_IN_PATH, type RouteSpec } from '../scenario/index.js';
import { RequestTemplate, type RequestParts } from './request-template.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Framing is ours: a route's own values for these would contradict the bytes we send. */
const OWN_HEADERS = new Set(['content-length', 'transfer-encoding']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Encodes a route's requests as the bytes of an HTTP/1.1 request (head and body in one Buffer),
 * ready to write to a kept-alive socket. A route without template variables is encoded once and
 * the same Buffer is returned every time; one with variables is built and encoded per request.
 * Adds `host` (unless the route sets it), `content-length` for a body (and 0 for POST, PUT
 * and PATCH without one), and `connection: close` when every request gets its own connection.
 * Throws a RangeError naming the route when its method, path or a header cannot go on the wire.
 */
export class RequestEncoder {
  readonly method: string;
  private readonly template: RequestTemplate;
  private readonly fixed: Buffer | undefined;
  private readonly extra: string;

  constructor(
    private readonly spec: RouteSpec,
    /** Path prefix of the base URL, without a trailing slash. */
    prefix: string,
    /** `host:port` of the base URL. */
    host: string,
    seed: number,
    close: boolean,
  ) {
    this.template = new RequestTemplate(spec, prefix, seed);
    this.method = this.template.method;
    if (!TOKEN.test(this.method))
      throw new RangeError(`route "${spec.name}": invalid method "${spec.method}"`);
    const hasHost = Object.keys(spec.headers).some((k) => k.toLowerCase() === 'host');
    this.extra = (hasHost ? '' : `host: ${host}\r\n`) + (close ? 'connection: close\r\n' : '');
    // Encoding one request checks the route as written, so a bad one fails before any is sent;
    // with variables, from a template of its own, so that `{{seq}}` still starts at 1.
    const dynamic = this.template.dynamic;
    const first = this.encode((dynamic ? new RequestTemplate(spec, prefix, seed) : this.template).next());
    this.fixed = dynamic ? undefined : first;
  }

  /** The next request's bytes; throws a RangeError when a filled-in value cannot go on the wire. */
  next(): Buffer {
    return this.fixed ?? this.encode(this.template.next());
  }

  private encode(parts: RequestParts): Buffer {
    const route = this.spec.name;
    if (NOT_IN_PATH.test(parts.path) || !parts.path) {
      throw new RangeError(
        `route "${route}": the path ${JSON.stringify(parts.path)} has characters a request line cannot carry`,
      );
    }
    let head = `${this.method} ${parts.path} HTTP/1.1\r\n${this.extra}`;
    for (const name in parts.headers) {
      const value = parts.headers[name] ?? '';
      if (!TOKEN.test(name))
        throw new RangeError(`route "${route}": invalid header name ${JSON.stringify(name)}`);
      if (NOT_IN_HEADER_VALUE.test(value)) {
        throw new RangeError(`route "${route}": header "${name}" has a character a header cannot carry`);
      }
      if (!OWN_HEADERS.has(name.toLowerCase())) head += `${name}: ${value}\r\n`;
    }
    const body = parts.body;
    if (body) head += `content-length: ${body.length}\r\n`;
    else if (BODY_METHODS.has(this.method)) head += 'content-length: 0\r\n';
    head += '\r\n';
    const bytes = Buffer.allocUnsafe(head.length + (body?.length ?? 0));
    bytes.write(head, 0, 'latin1');
    body?.copy(bytes, head.length);
    return bytes;
  }
}
