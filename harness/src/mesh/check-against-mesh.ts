import type { Scenario } from '../scenario/index.js';
import { edgeName, edgesOf, type Mesh } from './types.js';

/** A problem in a scenario that only the mesh reveals, located by its path in the scenario. */
export interface MeshMismatch {
  path: (string | number)[];
  message: string;
}

/** Checks that every edge and service a scenario names exists in the mesh. */
export function checkAgainstMesh(scenario: Scenario, mesh: Mesh): MeshMismatch[] {
  const edges = edgesOf(mesh).map(edgeName);
  const services = mesh.services.map((s) => s.name);
  const problems: MeshMismatch[] = [];
  scenario.faults.forEach((f, i) => {
    if ('edge' in f && !edges.includes(f.edge)) {
      problems.push({
        path: ['faults', i, 'edge'],
        message: `unknown edge "${f.edge}" in mesh "${mesh.name}"${suggest(f.edge, edges)}; edges: ${edges.join(', ')}`,
      });
    }
    if ('service' in f && !services.includes(f.service)) {
      problems.push({
        path: ['faults', i, 'service'],
        message: `unknown service "${f.service}" in mesh "${mesh.name}"${suggest(f.service, services)}; services: ${services.join(', ')}`,
      });
    }
  });
  return problems;
}

function suggest(word: string, options: string[]): string {
  const best = options
    .map((o) => ({ o, d: distance(word, o) }))
    .sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 4)) ? ` (did you mean "${best.o}"?)` : '';
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
