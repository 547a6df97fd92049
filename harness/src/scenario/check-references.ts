import { selectorsOf, type MetricCheck } from '../checks/index.js';
import { unknownName, type PathIssue } from './cross-checks.js';
import type { Scenario } from './types.js';

/**
 * The route and fault names that `slo:` and the breaker, recovery and isolation checks refer to
 * must exist, and every route an isolation check names needs an SLO. Service and upstream names
 * of breakers need the mesh and are not checked here.
 */
export function checkCheckReferences(s: Omit<Scenario, 'file' | 'source'>): PathIssue[] {
  const routes = s.load.routes.map((r) => r.name);
  const faults = s.faults.map((f) => f.name);
  const slo = s.slo ?? {};
  const issues: PathIssue[] = [];
  const route = (name: string, path: PathIssue['path']): void => {
    if (!routes.includes(name)) issues.push({ path, message: unknownName('route', name, routes) });
  };
  const fault = (name: string | undefined, path: PathIssue['path']): void => {
    if (name !== undefined && !faults.includes(name))
      issues.push({ path, message: unknownName('fault', name, faults) });
  };
  for (const r of Object.keys(slo)) {
    if (!routes.includes(r))
      issues.push({ path: ['slo', r], target: 'key', message: unknownName('route', r, routes) });
  }
  (s.checks.breakers ?? []).forEach((b, i) => {
    fault(b.fault, ['checks', 'breakers', i, 'fault']);
    if (b.failFast) route(b.failFast.route, ['checks', 'breakers', i, 'fail_fast', 'route']);
  });
  (s.checks.recovery ?? []).forEach((r, i) => {
    route(r.route, ['checks', 'recovery', i, 'route']);
    fault(r.fault, ['checks', 'recovery', i, 'fault']);
  });
  (s.checks.isolation ?? []).forEach((c, i) => {
    fault(c.fault, ['checks', 'isolation', i, 'fault']);
    c.unaffected.forEach((r, j) => {
      const path = ['checks', 'isolation', i, 'unaffected', j];
      if (!routes.includes(r)) issues.push({ path, message: unknownName('route', r, routes) });
      else if (!slo[r])
        issues.push({
          path,
          message: `route "${r}" has no SLO; add it to the top-level slo: map, e.g. slo: { ${r}: ["p(99)<150", "rate<0.01"] }`,
        });
    });
  });
  (s.checks.metrics ?? []).forEach((m, i) => fault(m.fault, ['checks', 'metrics', i, 'fault']));
  return issues;
}

/** The services a metric check selects with `service="…"`, for checking against the mesh. */
export function servicesNamedBy(check: MetricCheck): string[] {
  return selectorsOf(check.parsed).flatMap((s) =>
    s.matchers.filter((m) => m.label === 'service' && m.op === '=').map((m) => m.value),
  );
}
