import { didYouMean, issueAt, servicesNamedBy, type Scenario } from '../scenario/index.js';
import type { SourceIssue } from '../errors/index.js';
import { edgeName, edgesOf, type Mesh } from './types.js';

/** Checks that every edge and service a scenario names (faults, breaker and metric checks) exists in the mesh; issues carry positions. */
export function checkAgainstMesh(scenario: Scenario, mesh: Mesh): SourceIssue[] {
  const edges = edgesOf(mesh).map(edgeName);
  const services = mesh.services.map((s) => s.name);
  const issues: SourceIssue[] = [];
  const unknown = (problem: string, name: string, known: string[], path: (string | number)[]): void => {
    const guess = didYouMean(name, known);
    const hint = guess ? `did you mean "${guess}"?` : `expected one of ${known.join(', ') || '(none)'}`;
    issues.push(issueAt(scenario, path, `${problem}; ${hint}`));
  };
  scenario.faults.forEach((f, i) => {
    // A command fault names its edge or service in `target`.
    const field = (key: string): string => (f.type === 'command' ? 'target' : key);
    const edge = 'edge' in f ? f.edge : undefined;
    const service = 'service' in f ? f.service : undefined;
    if (edge !== undefined && !edges.includes(edge)) {
      unknown(`unknown edge "${edge}" in mesh "${mesh.name}"`, edge, edges, ['faults', i, field('edge')]);
    }
    if (service !== undefined && !services.includes(service)) {
      unknown(`unknown service "${service}" in mesh "${mesh.name}"`, service, services, [
        'faults',
        i,
        field('service'),
      ]);
    }
  });
  (scenario.checks.breakers ?? []).forEach((b, i) => {
    const path = ['checks', 'breakers', i];
    const caller = mesh.services.find((s) => s.name === b.service);
    if (!caller) {
      return unknown(`unknown service "${b.service}" in mesh "${mesh.name}"`, b.service, services, [
        ...path,
        'service',
      ]);
    }
    const upstreams = Object.keys(caller.upstreams);
    if (!upstreams.includes(b.upstream)) {
      unknown(`"${b.upstream}" is not an upstream of "${b.service}"`, b.upstream, upstreams, [
        ...path,
        'upstream',
      ]);
    }
  });
  (scenario.checks.metrics ?? []).forEach((m, i) => {
    for (const name of servicesNamedBy(m)) {
      if (services.includes(name)) continue;
      unknown(`unknown service "${name}" in service="${name}" (mesh "${mesh.name}")`, name, services, [
        'checks',
        'metrics',
        i,
        'expr',
      ]);
    }
  });
  return issues;
}
