import { InvalidInputError } from '../errors/index.js';
import { needsHttpToxics } from '../faults/index.js';
import type { Mesh } from '../mesh/index.js';
import { FAULTLINE_IMAGE } from '../platform/index.js';
import { issueAt, type Scenario } from '../scenario/index.js';

/**
 * Refuses, before anything starts, HTTP faults on a run whose Toxiproxy is a container of
 * another image than faultline's own (Shopify's by default): only faultline's server has the
 * HTTP toxics, and Toxiproxy would refuse them at apply time, mid-run.
 */
export function refuseHttpFaultsWithoutHttpToxics(
  scenario: Scenario,
  mesh: Mesh,
  flags: { platform: string; toxiproxyImage: string },
): void {
  const containerized = flags.platform === 'docker' || mesh.compose !== undefined;
  if (!containerized || flags.toxiproxyImage === FAULTLINE_IMAGE) return;
  const issues = scenario.faults.flatMap((f, i) =>
    needsHttpToxics(f)
      ? [
          issueAt(
            scenario,
            ['faults', i, 'type'],
            `${f.type} needs HTTP toxics, which the Toxiproxy image ${flags.toxiproxyImage} lacks; pass --toxiproxy-image ${FAULTLINE_IMAGE} to run faultline's own Toxiproxy-compatible server`,
          ),
        ]
      : [],
  );
  if (issues.length > 0) throw new InvalidInputError(issues);
}
