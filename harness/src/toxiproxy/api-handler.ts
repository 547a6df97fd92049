import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error.js';
import {
  decodePopulate,
  decodeProxyCreate,
  decodeProxyUpdate,
  decodeToxicCreate,
  decodeToxicUpdate,
} from './api-bodies.js';
import type { Logger } from './logger.js';
import type { ProxyCollection } from './proxy-collection.js';
import type { Proxy } from './proxy.js';
import { toxicJson } from './toxic-spec.js';

/** The version Toxiproxy reports; clients may gate features on it. */
export const TOXIPROXY_VERSION = 'v2.12.0';

/** Bodies larger than this are refused rather than buffered (Toxiproxy's bodies are tiny). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** What the API serves. */
export interface ApiDeps {
  readonly proxies: ProxyCollection;
  readonly metrics: () => string;
  readonly log: Logger;
}

type Reply = { status: number; body?: unknown; contentType?: string; raw?: string };
type Handler = (params: string[], body: string, method: string) => Promise<Reply>;
interface Route {
  pattern: RegExp;
  methods: Record<string, Handler> | Handler;
}

/** Go's json.Marshal escapes these, so bodies match byte for byte. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const json = (body: unknown, status = 200): Reply => ({ status, body });
const noContent: Reply = { status: 204 };

/**
 * The HTTP API of Toxiproxy 2.12: same routes, status codes, bodies and content types.
 * Requests are handled one at a time, as Toxiproxy's collection lock does, so a listen or a
 * reset never interleaves with another change.
 */
export function createApiHandler(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { proxies } = deps;
  const proxyOf = (params: string[]): Proxy => proxies.get(params[0] ?? '');

  const routes: Route[] = [
    { pattern: /^\/reset$/, methods: { POST: async () => (await proxies.reset(), noContent) } },
    {
      pattern: /^\/proxies$/,
      methods: {
        GET: async () => json(Object.fromEntries(proxies.list().map((p) => [p.name, p.json()]))),
        POST: async (_p, body) => {
          const input = decodeProxyCreate(body);
          return json((await proxies.add(input.name, input)).json(), 201);
        },
      },
    },
    { pattern: /^\/populate$/, methods: { POST: (_p, body) => populate(body) } },
    {
      pattern: /^\/proxies\/([^/]+)$/,
      methods: {
        GET: async (p) => json(proxyOf(p).json()),
        POST: updateProxy,
        PATCH: updateProxy,
        DELETE: async (p) => (await proxies.remove(p[0] ?? ''), noContent),
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)\/toxics$/,
      methods: {
        GET: async (p) => json(proxyOf(p).toxics.list().map(toxicJson)),
        POST: async (p, body) => {
          const { toxics } = proxyOf(p);
          const spec = decodeToxicCreate(body, (name) => toxics.has(name));
          toxics.add(spec);
          return json(toxicJson(spec));
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)\/toxics\/([^/]+)$/,
      methods: {
        GET: async (p) => json(toxicJson(toxicOf(p))),
        POST: updateToxic,
        PATCH: updateToxic,
        DELETE: async (p) => (proxyOf(p).toxics.remove(p[1] ?? ''), noContent),
      },
    },
    {
      pattern: /^\/version$/,
      methods: {
        GET: async () => ({
          status: 200,
          raw: `{"version": "${TOXIPROXY_VERSION}"}\n`,
          contentType: 'application/json;charset=utf-8',
        }),
      },
    },
    // Toxiproxy serves /metrics only with -proxy-metrics; serving it always is deliberate.
    {
      pattern: /^\/metrics$/,
      methods: async () => ({
        status: 200,
        raw: deps.metrics(),
        contentType: 'text/plain; version=0.0.4; charset=utf-8',
      }),
    },
  ];

  function toxicOf(p: string[]) {
    const spec = proxyOf(p).toxics.get(p[1] ?? '');
    if (!spec) throw ApiError.toxicNotFound();
    return spec;
  }

  async function updateProxy(p: string[], body: string, method: string): Promise<Reply> {
    const proxy = proxyOf(p);
    if (method === 'POST')
      deps.log('warn', 'ProxyUpdate: HTTP method POST is depercated. Use HTTP PATCH instead.');
    await proxy.update(decodeProxyUpdate(body, proxy));
    return json(proxy.json());
  }

  async function updateToxic(p: string[], body: string, method: string): Promise<Reply> {
    const proxy = proxyOf(p);
    if (method === 'POST')
      deps.log('warn', 'ToxicUpdate: HTTP method POST is depercated. Use HTTP PATCH instead.');
    const current = proxy.toxics.get(p[1] ?? '');
    if (!current) throw ApiError.toxicNotFound();
    const spec = decodeToxicUpdate(body, current);
    proxy.toxics.update(spec);
    return json(toxicJson(spec));
  }

  async function populate(body: string): Promise<Reply> {
    let result;
    try {
      result = await proxies.populate(decodePopulate(body));
    } catch (err) {
      result = { proxies: [], error: ApiError.internal(err) };
    }
    if (result.error) deps.log('warn', 'Populate errors', { err: result.error.message });
    // A nil slice in Go: no proxies marshal as null, not [].
    const list = result.proxies.length > 0 ? result.proxies.map((p) => p.json()) : null;
    const err = result.error;
    const payload = err ? { error: err.message, status: err.status, proxies: list } : { proxies: list };
    return { status: err ? err.status : 201, raw: goJson(payload), contentType: 'application/json' };
  }

  let queue: Promise<unknown> = Promise.resolve();

  return (req, res) => {
    const started = performance.now();
    const url = req.url ?? '/';
    const path = url.split('?', 1)[0] ?? '/';
    let params: string[] | undefined;
    const route = routes.find((r) => {
      const m = r.pattern.exec(path);
      if (m) params = m.slice(1).map(safeDecode);
      return m !== null;
    });
    const method = req.method ?? 'GET';
    const handler = route && (typeof route.methods === 'function' ? route.methods : route.methods[method]);
    if (!route || !handler) {
      // Neither reaches Toxiproxy's middleware: no request id, no user-agent check.
      req.resume();
      if (!route)
        send(res, { status: 404, raw: '404 page not found\n', contentType: 'text/plain; charset=utf-8' });
      else send(res, { status: 405, raw: '' });
      return;
    }
    res.setHeader('X-Toxiproxy-Request-Id', randomBytes(10).toString('hex'));
    const done = (reply: Reply): void => {
      const size = send(res, reply);
      deps.log('debug', '', {
        client: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
        method,
        url,
        user_agent: req.headers['user-agent'] ?? '',
        status: reply.status,
        size,
        duration: performance.now() - started,
      });
    };
    if ((req.headers['user-agent'] ?? '').startsWith('Mozilla/')) {
      req.resume();
      done({ status: 403, raw: 'User agent not allowed\n', contentType: 'text/plain; charset=utf-8' });
      return;
    }
    readBody(req).then(
      (body) => {
        const run = queue.then(() => handler(params ?? [], body, method).catch(errorReply));
        queue = run;
        run.then(done, (err: unknown) => done(errorReply(err)));
      },
      () => done(errorReply(ApiError.badBody('request body too large or unreadable'))),
    );
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function errorReply(err: unknown): Reply {
  const e = ApiError.internal(err);
  // Written with http.Error in Toxiproxy: text/plain, nosniff, trailing newline.
  return {
    status: e.status,
    raw: goJson({ error: e.message, status: e.status, ...e.details }) + '\n',
    contentType: 'text/plain; charset=utf-8',
  };
}

function send(res: ServerResponse, reply: Reply): number {
  const body = reply.raw ?? (reply.body === undefined ? '' : goJson(reply.body));
  if (reply.contentType) res.setHeader('Content-Type', reply.contentType);
  else if (reply.body !== undefined) res.setHeader('Content-Type', 'application/json');
  if (reply.contentType?.startsWith('text/plain; charset'))
    res.setHeader('X-Content-Type-Options', 'nosniff');
  res.statusCode = reply.status;
  if (reply.status === 204) {
    res.end();
    return 0;
  }
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
  return Buffer.byteLength(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new Error('body too large'));
      } else parts.push(part);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
