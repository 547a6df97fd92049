import type { SourceIssue } from '../errors/index.js';
import { findReferences, schemePort } from './compose-edges.js';
import type { ComposeSource } from './compose-source.js';
import { isRecord } from './compose-service.js';
import type { ComposeEdge, ComposeService } from './compose-types.js';

/**
 * The `x-faultline` extension of a compose file: what the environment does not show.
 *
 *   x-faultline:
 *     entry: shop                # the service load is sent to (default: the one with ports:)
 *     ready: /readyz             # the entry's readiness path (default: its healthcheck)
 *     ports: { cache: 6379 }     # the port a service listens on, where a reference names none
 *     edges:                     # edges configured inside an image: the variable to set
 *       worker->cache: { env: CACHE_URL, value: "redis://cache:6379" }
 */
export interface FaultlineExtension {
  entry?: string;
  ready?: string;
  ports: Record<string, number>;
  edges: { caller: string; upstream: string; env: string; value: string }[];
}

const KEYS = ['entry', 'ready', 'ports', 'edges'];

export function readExtension(
  raw: unknown,
  src: ComposeSource,
  issues: SourceIssue[],
  names: string[],
): FaultlineExtension {
  const ext: FaultlineExtension = { ports: {}, edges: [] };
  if (raw === undefined || raw === null) return ext;
  const base = ['x-faultline'];
  if (!isRecord(raw)) {
    issues.push(src.at(base, `expected a mapping with ${KEYS.join(', ')}`));
    return ext;
  }
  const known = (name: string, path: (string | number)[]): boolean => {
    if (names.includes(name)) return true;
    issues.push(src.at(path, `unknown service "${name}"; services: ${names.join(', ')}`));
    return false;
  };
  for (const key of Object.keys(raw).filter((k) => !KEYS.includes(k)))
    issues.push(src.atKey(base, key, `unknown key "${key}"; x-faultline takes ${KEYS.join(', ')}`));
  if (raw.entry !== undefined && known(String(raw.entry), [...base, 'entry'])) ext.entry = String(raw.entry);
  if (raw.ready !== undefined) {
    if (typeof raw.ready === 'string' && raw.ready.startsWith('/')) ext.ready = raw.ready;
    else issues.push(src.at([...base, 'ready'], 'expected a path starting with "/", e.g. /readyz'));
  }
  if (isRecord(raw.ports)) {
    for (const [name, port] of Object.entries(raw.ports)) {
      if (!known(name, [...base, 'ports', name])) continue;
      if (Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536)
        ext.ports[name] = port as number;
      else issues.push(src.at([...base, 'ports', name], 'expected a port number'));
    }
  } else if (raw.ports !== undefined) issues.push(src.at([...base, 'ports'], 'expected service: port'));
  if (isRecord(raw.edges)) {
    for (const [edge, e] of Object.entries(raw.edges)) {
      const path = [...base, 'edges', edge];
      const [caller, upstream] = edge.split('->');
      if (!caller || !upstream || !isRecord(e) || typeof e.env !== 'string' || typeof e.value !== 'string') {
        issues.push(
          src.at(path, 'expected caller->upstream: { env: VARIABLE, value: "scheme://upstream:port" }'),
        );
        continue;
      }
      if (known(caller, path) && known(upstream, path))
        ext.edges.push({ caller, upstream, env: e.env, value: e.value });
    }
  } else if (raw.edges !== undefined)
    issues.push(src.at([...base, 'edges'], 'expected caller->upstream: { env, value }'));
  return ext;
}

/** The entry service and the port faultline publishes for it. */
export function composeEntry(
  services: ComposeService[],
  rawServices: Record<string, unknown>,
  ext: FaultlineExtension,
  src: ComposeSource,
  issues: SourceIssue[],
): { name: string; port: number } | undefined {
  let name = ext.entry;
  if (name === undefined) {
    const published = services.filter((s) => {
      const raw = rawServices[s.name];
      return isRecord(raw) && Array.isArray(raw.ports) && raw.ports.length > 0;
    });
    if (published.length !== 1) {
      issues.push(
        src.at(
          ['services'],
          `cannot tell which service load goes to (${published.length === 0 ? 'no service publishes ports' : `${published.map((s) => s.name).join(', ')} publish ports`}); set x-faultline.entry`,
        ),
      );
      return undefined;
    }
    name = published[0]!.name;
  }
  const port = ext.ports[name] ?? services.find((s) => s.name === name)?.ports[0];
  if (port === undefined) {
    issues.push(
      src.at(['services', name], `the entry "${name}" shows no port; set x-faultline.ports.${name}`),
    );
    return undefined;
  }
  return { name, port };
}

/**
 * Every edge: each reference in a caller's environment to another service's host, after the
 * extension's edges are added to the callers' environment. An edge without a port is an issue
 * that names the key fixing it.
 */
export function composeEdges(
  services: ComposeService[],
  ext: FaultlineExtension,
  src: ComposeSource,
  issues: SourceIssue[],
): ComposeEdge[] {
  const names = services.map((s) => s.name);
  for (const e of ext.edges) {
    const caller = services.find((s) => s.name === e.caller)!;
    if (!findReferences(e.value, [e.upstream]).length)
      issues.push(
        src.at(
          ['x-faultline', 'edges', `${e.caller}->${e.upstream}`, 'value'],
          `"${e.value}" does not name ${e.upstream} with a port or a URL`,
        ),
      );
    caller.environment[e.env] = e.value;
  }
  const edges = new Map<string, ComposeEdge>();
  for (const caller of services) {
    const others = names.filter((n) => n !== caller.name);
    for (const [variable, value] of Object.entries(caller.environment)) {
      for (const ref of findReferences(value, others)) {
        const upstream = services.find((s) => s.name === ref.upstream)!;
        const port =
          ref.port ??
          schemePort(ref.scheme) ??
          ext.ports[ref.upstream] ??
          (upstream.ports.length === 1 ? upstream.ports[0] : undefined);
        const path = ['services', caller.name, 'environment', variable];
        if (port === undefined) {
          issues.push(
            src.at(
              path,
              `${variable} names service "${ref.upstream}" without a port, and its port cannot be found; set x-faultline.ports.${ref.upstream}`,
            ),
          );
          continue;
        }
        // One proxy upstream per service: every caller must reach it on the same port.
        const other = [...edges.values()].find((e) => e.upstream === ref.upstream && e.port !== port);
        if (other) {
          issues.push(
            src.at(
              path,
              `${variable} reaches ${ref.upstream} on port ${port}, ${other.caller} on ${other.port}; faultline proxies one port per service`,
            ),
          );
          continue;
        }
        const key = `${caller.name}->${ref.upstream}`;
        const edge = edges.get(key) ?? {
          caller: caller.name,
          upstream: ref.upstream,
          port,
          scheme: ref.scheme,
          why: [] as string[],
        };
        if (edge.port !== port) {
          issues.push(
            src.at(
              path,
              `${variable} reaches ${ref.upstream} on port ${port}, another variable on ${edge.port}; faultline proxies one port per edge`,
            ),
          );
          continue;
        }
        edge.why.push(`${variable}=${value}`);
        edges.set(key, edge);
      }
    }
  }
  return [...edges.values()];
}
