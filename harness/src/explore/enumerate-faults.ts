import { edgeName, edgesOf, type Mesh } from '../mesh/index.js';
import type { ExploreFaultType, ExploreSpec, FaultSpec } from '../scenario/index.js';

const EDGE_TYPES: readonly ExploreFaultType[] = ['latency', 'down', 'partition', 'reset_peer', 'http_error'];

/** What `--only` narrows the exploration to: edges and services by name; empty means all. */
export interface ExploreScope {
  edges: string[];
  services: string[];
  /** Fault types; empty means those of the explore section. */
  faults: ExploreFaultType[];
}

export const FULL_SCOPE: ExploreScope = { edges: [], services: [], faults: [] };

/**
 * Every single fault of the exploration, in a stable order: each edge × its fault types
 * (`http_error`: the proxy answers every request with the section's `http_status`), then
 * each service × crash (with restart) and freeze, narrowed by `scope`. An `--only` edge keeps
 * only that edge's faults (and a service only its own), unless both kinds are given. Timing is
 * left at 0: explore applies each fault when the previous one has recovered. Pure.
 */
export function enumerateFaults(
  mesh: Mesh,
  spec: ExploreSpec,
  scope: ExploreScope = FULL_SCOPE,
): FaultSpec[] {
  const types = new Set(scope.faults.length > 0 ? scope.faults : spec.faults);
  const narrowed = scope.edges.length > 0 || scope.services.length > 0;
  const edges = edgesOf(mesh)
    .map(edgeName)
    .filter((e) => !narrowed || scope.edges.includes(e));
  const services = mesh.services.map((s) => s.name).filter((s) => !narrowed || scope.services.includes(s));
  const faults: FaultSpec[] = [];
  for (const edge of edges) {
    for (const type of EDGE_TYPES) if (types.has(type)) faults.push(edgeFault(type, edge, spec));
  }
  for (const service of services) {
    if (types.has('crash'))
      faults.push({
        type: 'crash',
        name: `crash ${service}`,
        service,
        restart: true,
        atMs: 0,
        forMs: spec.holdMs,
      });
    if (types.has('freeze'))
      faults.push({ type: 'freeze', name: `freeze ${service}`, service, atMs: 0, forMs: spec.holdMs });
  }
  return faults;
}

function edgeFault(type: ExploreFaultType, edge: string, spec: ExploreSpec): FaultSpec {
  const base = { name: `${type} ${edge}`, edge, atMs: 0, forMs: spec.holdMs };
  switch (type) {
    case 'latency':
      return { ...base, type, latencyMs: spec.latencyMs, jitterMs: 0 };
    case 'reset_peer':
      return { ...base, type, timeoutMs: spec.resetAfterMs };
    case 'http_error':
      // Every request, so that the canary made right after applying it is answered the status too
      // and confirms the fault as a run does (a rate below 1 leaves only the proxy's counters).
      return {
        ...base,
        type,
        status: spec.httpStatus,
        body: '',
        headers: {},
        match: { headers: {} },
        rate: 1,
        first: 0,
        stream: 'upstream',
      };
    case 'down':
    case 'partition':
      return { ...base, type };
    default:
      throw new Error(`${type} is not a fault on an edge`);
  }
}

/** The id of a fault in the map: `type target`, e.g. `latency orders->payments`. */
export function faultId(f: FaultSpec): string {
  return `${f.type} ${'edge' in f ? f.edge : f.service}`;
}

/**
 * The order in which faults are tried: a Fisher–Yates shuffle drawn from `seed` (mulberry32),
 * so one seed always gives one order and the map records it. The map lists rows in enumeration
 * order whatever the order of trying. Pure.
 */
export function seededOrder<T>(items: readonly T[], seed: number): T[] {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
