import { edgeName, edgesOf, type Mesh } from '../mesh/index.js';
import { faultTarget } from '../faults/index.js';
import type { FaultSpec } from '../scenario/index.js';
import type { ExploreRow } from './explore-model.js';
import { faultId } from './enumerate-faults.js';

/** A pair of faults not tried, and why. */
export interface SkippedPair {
  id: string;
  reason: string;
}

/** The two-fault combinations worth trying, and those pruned with their reason. */
export interface PairPlan {
  tried: [FaultSpec, FaultSpec][];
  skipped: SkippedPair[];
}

/** The id of a pair in the map: `a + b`. */
export function pairId(a: FaultSpec, b: FaultSpec): string {
  return `${faultId(a)} + ${faultId(b)}`;
}

/**
 * Every request path of the topology, as the set of edges and services a request entering
 * through each first hop from the entry can reach (the entry service lies on all of them).
 * Pure.
 */
export function requestPaths(mesh: Mesh): Set<string>[] {
  const edges = edgesOf(mesh);
  const reach = (service: string, seen: Set<string>): void => {
    if (seen.has(service)) return;
    seen.add(service);
    for (const e of edges.filter((x) => x.caller === service)) {
      seen.add(edgeName(e));
      reach(e.upstream, seen);
    }
  };
  const first = edges.filter((e) => e.caller === mesh.entry);
  if (first.length === 0) return [new Set([mesh.entry])];
  return first.map((e) => {
    const path = new Set([mesh.entry, edgeName(e)]);
    reach(e.upstream, path);
    return path;
  });
}

/**
 * Filibuster's reduction of two-fault combinations, given the single faults' rows: a pair is
 * skipped when one of its faults alone already fails a route (a request that fails at one fault
 * needs no second one to fail; that fault's pairs add nothing the single row does not show),
 * when both faults act on the same target, or when the two targets lie on no common request
 * path (no request can meet both). Faults without a judged row (left out) are not paired. Pure.
 */
export function planPairs(faults: readonly FaultSpec[], rows: readonly ExploreRow[], mesh: Mesh): PairPlan {
  const paths = requestPaths(mesh);
  const rowOf = new Map(rows.map((r) => [r.id, r]));
  const target = (f: FaultSpec): string => faultTarget(f);
  const plan: PairPlan = { tried: [], skipped: [] };
  const judged = faults.filter((f) => rowOf.has(faultId(f)));
  for (let i = 0; i < judged.length; i++) {
    for (let j = i + 1; j < judged.length; j++) {
      const [a, b] = [judged[i]!, judged[j]!];
      const id = pairId(a, b);
      const failing = [a, b].find((f) => rowOf.get(faultId(f))!.status === 'fail');
      if (failing) {
        const routes = rowOf.get(faultId(failing))!.blastRadius.join(', ');
        plan.skipped.push({ id, reason: `"${faultId(failing)}" alone already fails ${routes || 'a route'}` });
      } else if (target(a) === target(b)) {
        plan.skipped.push({ id, reason: `both act on ${target(a)}` });
      } else if (!paths.some((p) => p.has(target(a)) && p.has(target(b)))) {
        plan.skipped.push({ id, reason: `${target(a)} and ${target(b)} lie on no common request path` });
      } else plan.tried.push([a, b]);
    }
  }
  return plan;
}
