import { didYouMean, issueAt, type Scenario } from '../scenario/index.js';
import type { SourceIssue } from '../errors/index.js';
import { edgeName, edgesOf, type Mesh } from './types.js';

/** Checks that every edge and service a scenario names exists in the mesh; issues carry positions. */
export function checkAgainstMesh(scenario: Scenario, mesh: Mesh): SourceIssue[] {
  const edges = edgesOf(mesh).map(edgeName);
  const services = mesh.services.map((s) => s.name);
  const issues: SourceIssue[] = [];
  const unknown = (what: string, name: string, known: string[], path: (string | number)[]): void => {
    const guess = didYouMean(name, known);
    const hint = guess ? `did you mean "${guess}"?` : `${what}s: ${known.join(', ')}`;
    issues.push(issueAt(scenario, path, `unknown ${what} "${name}" in mesh "${mesh.name}"; ${hint}`));
  };
  scenario.faults.forEach((f, i) => {
    if ('edge' in f && !edges.includes(f.edge)) unknown('edge', f.edge, edges, ['faults', i, 'edge']);
    if ('service' in f && !services.includes(f.service)) unknown('service', f.service, services, ['faults', i, 'service']);
  });
  return issues;
}
