/** A reference to another service's host inside an environment value. */
export interface HostReference {
  upstream: string;
  /** The port written in the reference, if any. */
  port?: number;
  /** The URL scheme, if the reference is a URL (`redis`, `postgres`, `http`). */
  scheme?: string;
  /** Where `host[:port]` sits in the value (what a rewrite replaces). */
  start: number;
  end: number;
}

/** Ports a scheme implies when a URL names none. */
const SCHEME_PORTS: Record<string, number> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  redis: 6379,
  rediss: 6380,
  mongodb: 27017,
  amqp: 5672,
  nats: 4222,
  memcached: 11211,
};

export function schemePort(scheme: string | undefined): number | undefined {
  return scheme === undefined ? undefined : SCHEME_PORTS[scheme.toLowerCase()];
}

/**
 * What a fault's canary sends to a service that does not speak HTTP, so that its server answers:
 * by the scheme callers use, else by its well-known port. undefined: HTTP.
 */
export function canaryRequest(scheme: string | undefined, port: number | undefined): string | undefined {
  const s = scheme?.toLowerCase();
  if (s === 'redis' || s === 'rediss' || (s === undefined && port === 6379)) return 'PING\r\n';
  // PostgreSQL's SSLRequest: the server answers one byte, S or N.
  if (s === 'postgres' || s === 'postgresql' || (s === undefined && port === 5432))
    return '\x00\x00\x00\x08\x04\xd2\x16\x2f';
  // MySQL greets first: send nothing, read the greeting.
  if (s === 'mysql' || s === 'mariadb' || (s === undefined && port === 3306)) return '';
  if (s === 'memcached' || (s === undefined && port === 11211)) return 'version\r\n';
  return undefined;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HOST_CHAR = 'A-Za-z0-9_.-';

/**
 * Finds the references to `services` in one environment value: a URL whose host is a service
 * (`http://payments:8080/x`, `postgres://u:p@db/shop`) or a `service:port` pair on its own or in
 * a list (`cache:6379`, `a:1,b:2`). A bare host name (`DB_HOST=db`) is not a reference: its port
 * lives in another variable that a rewrite could not keep in step.
 */
export function findReferences(value: string, services: readonly string[]): HostReference[] {
  if (services.length === 0) return [];
  const alt = [...services]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
  const refs: HostReference[] = [];
  const url = new RegExp(
    `([A-Za-z][A-Za-z0-9+.-]*)://(?:[^@/\\s]*@)?(${alt})(?::(\\d{1,5}))?(?![${HOST_CHAR}])`,
    'g',
  );
  for (const m of value.matchAll(url)) {
    const start = m.index + m[0].length - m[2]!.length - (m[3] ? m[3].length + 1 : 0);
    refs.push({
      upstream: m[2]!,
      port: m[3] ? Number(m[3]) : undefined,
      scheme: m[1]!,
      start,
      end: m.index + m[0].length,
    });
  }
  const pair = new RegExp(`(?<![${HOST_CHAR}@/:])(${alt}):(\\d{1,5})(?![${HOST_CHAR}])`, 'g');
  for (const m of value.matchAll(pair)) {
    if (refs.some((r) => r.start === m.index)) continue;
    refs.push({ upstream: m[1]!, port: Number(m[2]), start: m.index, end: m.index + m[0].length });
  }
  return refs.sort((a, b) => a.start - b.start);
}

/** The value with each reference's `host[:port]` replaced by `addressOf(upstream)`. */
export function rewriteReferences(
  value: string,
  services: readonly string[],
  addressOf: (upstream: string) => string | undefined,
): string {
  let out = '';
  let at = 0;
  for (const r of findReferences(value, services)) {
    const address = addressOf(r.upstream);
    if (address === undefined) continue;
    out += value.slice(at, r.start) + address;
    at = r.end;
  }
  return out + value.slice(at);
}
