import type { SourceIssue } from '../errors/index.js';
import { issueAt, type Scenario } from '../scenario/index.js';

/**
 * The steady state an exploration judges against: the scenario's `slo:` with the explore
 * section's `slo:` over it, route by route; plus every problem with it, placed in the file.
 * Pure (positions come from the parsed scenario).
 */
export function steadyStateFor(scenario: Scenario): { slo: Record<string, string[]>; issues: SourceIssue[] } {
  const explore = scenario.explore;
  const routes = new Set(scenario.load.routes.map((r) => r.name));
  const issues: SourceIssue[] = [];
  const known = [...routes].join(', ');
  for (const route of Object.keys(explore?.slo ?? {})) {
    if (!routes.has(route))
      issues.push(
        issueAt(
          scenario,
          ['explore', 'slo', route],
          `no route "${route}" in load.routes (routes: ${known})`,
          'key',
        ),
      );
  }
  const slo = { ...(scenario.slo ?? {}), ...(explore?.slo ?? {}) };
  (explore?.unaffected ?? []).forEach((route, i) => {
    if (!routes.has(route))
      issues.push(
        issueAt(
          scenario,
          ['explore', 'unaffected', i],
          `no route "${route}" in load.routes (routes: ${known})`,
        ),
      );
    else if (!slo[route])
      issues.push(
        issueAt(
          scenario,
          ['explore', 'unaffected', i],
          `route "${route}" has no SLO; give it one in slo: or explore.slo:`,
        ),
      );
  });
  // As written: the map records them, replays repeat them.
  const judged = Object.fromEntries(
    Object.entries(slo)
      .filter(([r]) => routes.has(r))
      .map(([r, terms]) => [r, terms.map((t) => t.expression.source)]),
  );
  if (Object.keys(judged).length === 0 && issues.length === 0) {
    issues.push(
      issueAt(
        scenario,
        scenario.explore ? ['explore'] : [],
        'no steady state to judge faults against: give at least one route an SLO in slo: or explore.slo:, e.g. { checkout: ["p(90)<250", "rate<0.01"] }',
        'key',
      ),
    );
  }
  return { slo: judged, issues };
}
