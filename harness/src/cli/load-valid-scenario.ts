import { InvalidInputError } from '../errors/index.js';
import { checkAgainstMesh, loadMesh, meshFileFor, type Mesh } from '../mesh/index.js';
import { loadScenario, positionOf, type Scenario } from '../scenario/index.js';

/**
 * Everything `faultline validate` checks, and exactly the first step of `faultline run`: the
 * scenario on its own, its mesh file, and the scenario against the mesh.
 */
export async function loadValidScenario(file: string): Promise<{ scenario: Scenario; mesh: Mesh }> {
  const scenario = await loadScenario(file);
  const mesh = await loadMesh(meshFileFor(scenario.mesh, file));
  const mismatches = checkAgainstMesh(scenario, mesh);
  if (mismatches.length > 0) {
    throw new InvalidInputError(
      mismatches.map((m) => ({
        file,
        ...positionOf(scenario, m.path),
        path: m.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, ''),
        message: m.message,
      })),
    );
  }
  return { scenario, mesh };
}
