import { Toxiproxy, type Proxy } from 'toxiproxy-node-client';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { edgeName, edgesOf, proxyName, type Mesh } from '../mesh/index.js';
import type { Platform, PrepareOptions, StartedMesh } from '../platform/index.js';
import { spawnToxiproxyServer } from '../toxiproxy/index.js';
import type { RunLedger } from './run-ledger.js';
import type { TeardownStack } from './teardown-stack.js';

/** A running mesh behind its proxies. */
export interface MeshUp {
  mesh: StartedMesh;
  toxiproxy: Toxiproxy;
  /** edge name `caller->upstream` → its proxy: name, and the address the harness reaches it at. */
  edges: Map<string, { proxy: string; hostAddress: string }>;
  /** edge name → proxy name (what the fault types take). */
  proxies: Map<string, string>;
  /** edge name → the proxy object, kept so applying a fault needs no API call to find it. */
  proxyHandles: Map<string, Proxy>;
}

/**
 * Brings a mesh up behind a proxy per edge: lets the platform prepare (ports, images, network),
 * uses the platform's Toxiproxy or starts the embedded one, creates one proxy per edge through
 * the Toxiproxy API, and starts every service with each upstream variable pointing at its proxy.
 * Every step pushes its undo onto `stack` before the next begins.
 */
export async function startMesh(
  meshDef: Mesh,
  platform: Platform,
  opts: PrepareOptions & { seed: number },
  stack: TeardownStack,
  ledger: RunLedger,
): Promise<MeshUp> {
  ledger.record({ event: 'services-starting', platform: platform.name });
  const prepared = await platform.prepare(meshDef, opts);
  stack.push(`remove what the ${platform.name} platform prepared`, () => prepared.dispose());

  let url = prepared.toxiproxyUrl;
  if (url === undefined) {
    const embedded = await spawnToxiproxyServer({ seed: opts.seed, env: { FAULTLINE_RUN_ID: opts.runId } });
    stack.push('stop the embedded Toxiproxy server', () => embedded.close());
    url = embedded.url;
  }
  ledger.record({ event: 'toxiproxy', url, embedded: prepared.toxiproxyUrl === undefined });
  const toxiproxy = new Toxiproxy(url);

  const edges = new Map<string, { proxy: string; hostAddress: string }>();
  const proxyHandles = new Map<string, Proxy>();
  const env = new Map<string, Record<string, string>>(meshDef.services.map((s) => [s.name, {}]));
  for (const [index, edge] of edgesOf(meshDef).entries()) {
    const proxy = prepared.proxiesExist
      ? await existingProxy(toxiproxy, url, proxyName(edge), edgeName(edge))
      : await toxiproxy.createProxy({
          name: proxyName(edge),
          listen: prepared.proxyListen(index),
          upstream: prepared.upstreamAddress(edge.upstream),
        });
    if (!prepared.proxiesExist) stack.push(`remove proxy "${proxy.name}"`, () => proxy.remove());
    const { callerUrl, hostAddress } = prepared.proxyEndpoints(index, proxy.listen);
    edges.set(edgeName(edge), { proxy: proxy.name, hostAddress });
    proxyHandles.set(edgeName(edge), proxy);
    const caller = meshDef.services.find((s) => s.name === edge.caller)!;
    env.get(edge.caller)![caller.upstreams[edge.upstream]!] = callerUrl;
  }

  opts.log(`starting mesh "${meshDef.name}" (${meshDef.services.length} services) on ${platform.name}`);
  const mesh = await prepared.start(env);
  stack.push('stop services', () => mesh.stop());
  const proxies = new Map([...edges].map(([edge, e]) => [edge, e.proxy]));
  return { mesh, toxiproxy, edges, proxies, proxyHandles };
}

/** A proxy the system already has; its absence is the user's to fix. */
async function existingProxy(toxiproxy: Toxiproxy, url: string, name: string, edge: string): Promise<Proxy> {
  try {
    return await toxiproxy.get(name);
  } catch {
    throw new FaultlineError(
      `the Toxiproxy at ${url} has no proxy "${name}" for the edge ${edge}`,
      ExitCode.runFailed,
      `create it in the system's Toxiproxy config (the proxy of edge caller->upstream is named caller_to_upstream)`,
    );
  }
}
