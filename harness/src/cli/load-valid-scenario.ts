import { InvalidInputError } from '../errors/index.js';
import { resolve } from 'node:path';
import { checkAgainstMesh, loadComposeMesh, loadMesh, meshFileFor, type Mesh } from '../mesh/index.js';
import { loadScenario, type Scenario } from '../scenario/index.js';

/**
 * Everything `faultline validate` checks, and exactly the first step of `faultline run`: the
 * scenario on its own, its mesh file, and the scenario against the mesh.
 */
export async function loadValidScenario(
  file: string,
  /** `--compose FILE`: a compose file that replaces the scenario's `mesh:`. */
  composeFile?: string,
): Promise<{ scenario: Scenario; mesh: Mesh }> {
  const scenario = await loadScenario(file);
  const mesh = composeFile
    ? await loadComposeMesh(resolve(composeFile))
    : await loadMesh(meshFileFor(scenario.mesh, file));
  const issues = checkAgainstMesh(scenario, mesh);
  if (issues.length > 0) throw new InvalidInputError(issues);
  return { scenario, mesh };
}
