import type Docker from 'dockerode';

/**
 * A new dockerode client, its module loaded on first use: importing dockerode costs ~25 MB of
 * memory, which a run on the local platform would carry for a client it never uses.
 */
export async function newDockerClient(): Promise<Docker> {
  const { default: Dockerode } = await import('dockerode');
  return new Dockerode();
}
