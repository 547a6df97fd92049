import type Docker from 'dockerode';
import { newDockerClient } from './docker-client.js';
import { RUN_LABEL } from './docker-platform.js';

/**
 * Removes every container, network and volume labelled with the run's id; returns what it removed.
 * Used by `faultline cleanup` for runs whose runner died.
 */
export async function removeDockerResources(runId: string, docker?: Docker): Promise<string[]> {
  docker ??= await newDockerClient();
  const filters = JSON.stringify({ label: [`${RUN_LABEL}=${runId}`] });
  const removed: string[] = [];
  for (const info of await docker.listContainers({ all: true, filters })) {
    await docker.getContainer(info.Id).remove({ force: true });
    removed.push(`removed container ${info.Names[0]?.replace(/^\//, '') ?? info.Id}`);
  }
  for (const info of await docker.listNetworks({ filters })) {
    await docker.getNetwork(info.Id).remove();
    removed.push(`removed network ${info.Name}`);
  }
  // Named volumes of a compose run (those kept with --keep-volumes carry no run label).
  const { Volumes } = await docker.listVolumes({ filters });
  for (const info of Volumes ?? []) {
    await docker.getVolume(info.Name).remove();
    removed.push(`removed volume ${info.Name}`);
  }
  return removed;
}
