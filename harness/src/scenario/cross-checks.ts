import { phasesCovered, type ThresholdMap } from '../checks/index.js';
import { didYouMean, formatDuration } from '../schema/index.js';
import { checkCheckReferences } from './check-references.js';
import type { DocPath, PositionTarget } from './source-positions.js';
import { formatPath } from './source-positions.js';
import type { Scenario } from './types.js';

/** A problem found in a parsed scenario, placed by its path in the document as written. */
export interface PathIssue {
  path: DocPath;
  message: string;
  target?: PositionTarget;
}

/**
 * Checks that relate fields to one another and need nothing but the scenario itself: unique
 * names, faults inside the load, thresholds naming real routes, faults and phases, no body on
 * GET. Edge and service names need the mesh and are checked where the mesh is known.
 */
export function crossCheck(s: Omit<Scenario, 'file' | 'source'>): PathIssue[] {
  return [
    ...checkRoutes(s),
    ...checkFaults(s),
    ...checkThresholds(s, ['checks', 'thresholds'], s.checks.thresholds),
    ...checkThresholds(s, ['abort'], s.abort ?? {}),
    ...checkCheckReferences(s),
  ];
}

function checkRoutes(s: Omit<Scenario, 'file' | 'source'>): PathIssue[] {
  const issues = duplicates(
    s.load.routes.map((r) => r.name),
    (i) => ['load', 'routes', i],
    'route',
  );
  s.load.routes.forEach((r, i) => {
    if (r.body !== undefined && (r.method === 'GET' || r.method === 'HEAD')) {
      issues.push({
        path: ['load', 'routes', i, 'body'],
        message: `a ${r.method} request cannot carry a body`,
      });
    }
  });
  return issues;
}

function checkFaults(s: Omit<Scenario, 'file' | 'source'>): PathIssue[] {
  const issues = duplicates(
    s.faults.map((f) => f.name),
    (i) => ['faults', i],
    'fault',
  );
  s.faults.forEach((f, i) => {
    const end = f.atMs + f.forMs;
    if (end > s.load.durationMs) {
      issues.push({
        path: ['faults', i, 'for'],
        message:
          `the fault ends at ${formatDuration(end)} (at ${formatDuration(f.atMs)} + for ${formatDuration(f.forMs)}), ` +
          `after the load ends at ${formatDuration(s.load.durationMs)}; shorten it or lengthen load.duration`,
      });
    }
  });
  return issues;
}

function duplicates(names: string[], pathOf: (i: number) => DocPath, what: string): PathIssue[] {
  const first = new Map<string, number>();
  const issues: PathIssue[] = [];
  names.forEach((name, i) => {
    const j = first.get(name);
    if (j === undefined) first.set(name, i);
    else
      issues.push({
        path: [...pathOf(i), 'name'],
        message: `${what} name "${name}" is already used by ${formatPath(pathOf(j))}; give each ${what} its own name`,
      });
  });
  return issues;
}

function checkThresholds(
  s: Omit<Scenario, 'file' | 'source'>,
  section: DocPath,
  thresholds: ThresholdMap,
): PathIssue[] {
  const routes = s.load.routes.map((r) => r.name);
  const faults = s.faults.map((f) => f.name);
  const windows = s.faults.map((f) => ({ name: f.name, startMs: f.atMs, endMs: f.atMs + f.forMs }));
  const phases = phasesCovered(windows, s.load.durationMs);
  const issues: PathIssue[] = [];
  for (const [key, { key: parsed }] of Object.entries(thresholds)) {
    const { tags } = parsed;
    const at = (message: string): void => {
      issues.push({ path: [...section, key], target: 'key', message });
    };
    if (tags.route !== undefined && !routes.includes(tags.route))
      at(unknownName('route', tags.route, routes));
    if (tags.fault !== undefined && !faults.includes(tags.fault))
      at(unknownName('fault', tags.fault, faults));
    if (tags.phase !== undefined && !phases.has(tags.phase))
      at(`phase ${tags.phase} never occurs: ${whyNoPhase(tags.phase, s)}`);
  }
  return issues;
}

export function unknownName(what: string, name: string, known: string[]): string {
  if (known.length === 0) return `no ${what} named "${name}": the scenario has no ${what}s`;
  const guess = didYouMean(name, known);
  return `no ${what} named "${name}"${guess ? `; did you mean "${guess}"?` : ''}; ${what}s are ${known.map((k) => `"${k}"`).join(', ')}`;
}

function whyNoPhase(phase: string, s: Omit<Scenario, 'file' | 'source'>): string {
  if (s.faults.length === 0) return 'the scenario has no faults, so every second is baseline';
  if (phase === 'baseline') return 'a fault starts in the first second';
  if (phase === 'recovery') return 'no second after the first fault is free of faults before the load ends';
  return 'no fault is active during the load';
}
