import { Toxiproxy } from 'toxiproxy-node-client';
import { edgeName, edgesOf, proxyName, type Mesh } from '../mesh/index.js';
import { freePort, type Platform, type ServiceLaunch, type StartedMesh } from '../platform/index.js';
import type { TeardownStack } from './teardown-stack.js';

export interface MeshUp {
  mesh: StartedMesh;
  /** edge name → proxy name */
  proxies: Map<string, string>;
}

const HOST = '127.0.0.1';

/**
 * Brings a mesh up behind a proxy per edge: picks ports, creates one proxy per edge through the
 * Toxiproxy API, and starts every service with each upstream variable pointing at its proxy.
 */
export async function startMesh(
  meshDef: Mesh,
  platform: Platform,
  toxiproxy: Toxiproxy,
  opts: { logDir: string; readyTimeoutMs: number; runId: string },
  stack: TeardownStack,
): Promise<MeshUp> {
  const ports = new Map<string, number>();
  for (const s of meshDef.services) ports.set(s.name, s.port || (await freePort(HOST)));

  const proxies = new Map<string, string>();
  const proxyUrls = new Map<string, string>();
  for (const edge of edgesOf(meshDef)) {
    const proxy = await toxiproxy.createProxy({
      name: proxyName(edge),
      listen: `${HOST}:0`,
      upstream: `${HOST}:${ports.get(edge.upstream)}`,
    });
    stack.push(`remove proxy "${proxy.name}"`, () => proxy.remove());
    proxies.set(edgeName(edge), proxy.name);
    proxyUrls.set(edgeName(edge), `http://${proxy.listen}`);
  }

  const launches: ServiceLaunch[] = meshDef.services.map((s) => ({
    name: s.name,
    command: s.command,
    cwd: meshDef.dir,
    host: HOST,
    port: ports.get(s.name)!,
    ready: s.ready,
    health: s.health,
    metrics: s.metrics,
    env: {
      ...s.env,
      // Marks every process of this run, so leftovers can always be found.
      FAULTLINE_RUN_ID: opts.runId,
      ...Object.fromEntries(
        Object.entries(s.upstreams).map(([up, variable]) => [variable, proxyUrls.get(`${s.name}->${up}`)!]),
      ),
    },
  }));
  const mesh = await platform.start(launches, opts);
  stack.push('stop services', () => mesh.stop());
  return { mesh, proxies };
}
