import { InvalidInputError } from '../errors/index.js';
import { needsHttpToxics } from '../faults/index.js';
import type { Mesh } from '../mesh/index.js';
import { FAULTLINE_IMAGE } from '../platform/index.js';
import { issueAt, type Scenario } from '../scenario/index.js';

/**
 * Why the run's Toxiproxy cannot have HTTP toxics, or undefined when it can: a container of
 * another image than faultline's own (Shopify's by default) lacks them, and Toxiproxy would
 * refuse them at apply time.
 */
export function httpToxicsMissing(
  mesh: Mesh,
  flags: { platform: string; toxiproxyImage: string },
): string | undefined {
  const containerized = flags.platform === 'docker' || mesh.compose !== undefined;
  if (!containerized || flags.toxiproxyImage === FAULTLINE_IMAGE) return undefined;
  return `needs HTTP toxics, which the Toxiproxy image ${flags.toxiproxyImage} lacks; pass --toxiproxy-image ${FAULTLINE_IMAGE} to run faultline's own Toxiproxy-compatible server`;
}

/**
 * Refuses, before anything starts, HTTP faults on a run whose Toxiproxy lacks HTTP toxics
 * (`httpToxicsMissing`): they would be refused at apply time, mid-run.
 */
export function refuseHttpFaultsWithoutHttpToxics(
  scenario: Scenario,
  mesh: Mesh,
  flags: { platform: string; toxiproxyImage: string },
): void {
  const missing = httpToxicsMissing(mesh, flags);
  if (missing === undefined) return;
  const issues = scenario.faults.flatMap((f, i) =>
    needsHttpToxics(f) ? [issueAt(scenario, ['faults', i, 'type'], `${f.type} ${missing}`)] : [],
  );
  if (issues.length > 0) throw new InvalidInputError(issues);
}
