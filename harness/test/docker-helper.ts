import { execFileSync } from 'node:child_process';
import Docker from 'dockerode';
import { join } from 'node:path';
import { repoRoot } from './cli-helper.js';

export const docker = new Docker();
/** Offline base for faultline's image; CI builds it with docker/make-offline-base-image.sh. */
export const BASE_IMAGE = process.env.FAULTLINE_BASE_IMAGE ?? 'faultline-base:node';

/**
 * Whether Docker tests can run: a daemon answers. Without one they are skipped with a message,
 * except under CI=true, where a missing daemon is a failure (CI installs and starts one).
 */
export async function dockerReady(): Promise<boolean> {
  try {
    await docker.ping();
  } catch (err) {
    if (process.env.CI === 'true')
      throw new Error(`CI=true but no Docker daemon answers: ${(err as Error).message}`);
    console.warn('Docker tests skipped: no Docker daemon answers (start one with `dockerd &`)');
    return false;
  }
  try {
    await docker.getImage(BASE_IMAGE).inspect();
  } catch {
    execFileSync(join(repoRoot, 'docker/make-offline-base-image.sh'), [BASE_IMAGE], { stdio: 'inherit' });
  }
  return true;
}

/** Containers and networks carrying the run's label. */
export async function dockerResourcesOfRun(runId: string): Promise<string[]> {
  const filters = JSON.stringify({ label: [`faultline.run=${runId}`] });
  const containers = await docker.listContainers({ all: true, filters });
  const networks = await docker.listNetworks({ filters });
  return [...containers.map((c) => c.Names.join(',')), ...networks.map((n) => n.Name)];
}
