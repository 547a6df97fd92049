import { Toxiproxy, type Proxy } from 'toxiproxy-node-client';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { edgeName, edgesOf, proxyName, type Mesh } from '../mesh/index.js';
import type { Platform, PreparedMesh, PrepareOptions, StartedMesh } from '../platform/index.js';
import { spawnToxiproxyServer } from '../toxiproxy/index.js';
import type { RunLedger } from './run-ledger.js';
import type { Task } from './task-runner.js';
import { TeardownStack } from './teardown-stack.js';

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
 * The tasks that bring a mesh up behind a proxy per edge: the platform prepares (ports, images,
 * network); the platform's Toxiproxy is used or the embedded one started; one proxy per edge is
 * created through the Toxiproxy API; every service starts with each upstream variable pointing at
 * its proxy and is waited for. `up()` gives the result once the last task has run.
 */
export function meshTasks(
  meshDef: Mesh,
  platform: Platform,
  opts: Omit<PrepareOptions, 'signal'> & { seed: number },
  ledger: RunLedger,
): { tasks: Task[]; up(): MeshUp } {
  let prepared: PreparedMesh | undefined;
  let url: string | undefined;
  let embedded: { close(): Promise<void> } | undefined;
  let mesh: StartedMesh | undefined;
  const proxyRemovals = new TeardownStack();
  const edges = new Map<string, { proxy: string; hostAddress: string }>();
  const proxyHandles = new Map<string, Proxy>();
  const env = new Map<string, Record<string, string>>(meshDef.services.map((s) => [s.name, {}]));
  const toxiproxy = (): Toxiproxy => new Toxiproxy(url!);

  const tasks: Task[] = [
    {
      title: `prepare the ${platform.name} platform`,
      setup: async (signal) => {
        ledger.record({ event: 'services-starting', platform: platform.name });
        prepared = await platform.prepare(meshDef, { ...opts, signal });
      },
      teardown: () => prepared?.dispose() ?? Promise.resolve(),
      teardownTitle: `remove what the ${platform.name} platform prepared`,
    },
    {
      title: 'start the proxy server',
      setup: async () => {
        if (prepared!.toxiproxyUrl === undefined) {
          const server = await spawnToxiproxyServer({
            seed: opts.seed,
            env: { FAULTLINE_RUN_ID: opts.runId },
          });
          embedded = server;
          url = server.url;
        } else url = prepared!.toxiproxyUrl;
        ledger.record({ event: 'toxiproxy', url, embedded: embedded !== undefined });
      },
      teardown: () => embedded?.close() ?? Promise.resolve(),
      teardownTitle: 'stop the embedded Toxiproxy server',
    },
    {
      title: 'create the proxies',
      setup: async (signal) => {
        const client = toxiproxy();
        for (const [index, edge] of edgesOf(meshDef).entries()) {
          signal.throwIfAborted();
          const proxy = prepared!.proxiesExist
            ? await existingProxy(client, url!, proxyName(edge), edgeName(edge))
            : await createProxy(client, url!, {
                name: proxyName(edge),
                listen: prepared!.proxyListen(index),
                upstream: prepared!.upstreamAddress(edge.upstream),
              });
          if (!prepared!.proxiesExist)
            proxyRemovals.push(`remove proxy "${proxy.name}"`, () => proxy.remove());
          const { callerUrl, hostAddress } = prepared!.proxyEndpoints(index, proxy.listen);
          edges.set(edgeName(edge), { proxy: proxy.name, hostAddress });
          proxyHandles.set(edgeName(edge), proxy);
          const caller = meshDef.services.find((s) => s.name === edge.caller)!;
          env.get(edge.caller)![caller.upstreams[edge.upstream]!] = callerUrl;
        }
      },
      teardown: () => proxyRemovals.unwind(),
    },
    {
      title: 'start the services',
      setup: async (signal) => {
        opts.log(`starting mesh "${meshDef.name}" (${meshDef.services.length} services) on ${platform.name}`);
        mesh = await prepared!.start(env, signal);
        for (const w of mesh.warnings ?? []) opts.log(`warning: ${w}`);
      },
      teardown: () => mesh?.stop() ?? Promise.resolve(),
      teardownTitle: 'stop services',
    },
  ];
  const up = (): MeshUp => ({
    mesh: mesh!,
    toxiproxy: toxiproxy(),
    edges,
    proxies: new Map([...edges].map(([edge, e]) => [edge, e.proxy])),
    proxyHandles,
  });
  return { tasks, up };
}

/** A new proxy; a refusal (a port taken, the server gone) is worded as a run failure with its cause. */
async function createProxy(
  toxiproxy: Toxiproxy,
  url: string,
  body: { name: string; listen: string; upstream: string },
): Promise<Proxy> {
  try {
    return await toxiproxy.createProxy(body);
  } catch (err) {
    throw new FaultlineError(
      `could not create proxy "${body.name}" (listen ${body.listen}, upstream ${body.upstream}) on the Toxiproxy at ${url}`,
      ExitCode.runFailed,
      undefined,
      { cause: err },
    );
  }
}

/** A proxy the system already has; its absence is the user's to fix. */
async function existingProxy(toxiproxy: Toxiproxy, url: string, name: string, edge: string): Promise<Proxy> {
  try {
    return await toxiproxy.get(name);
  } catch (err) {
    throw new FaultlineError(
      `the Toxiproxy at ${url} has no proxy "${name}" for the edge ${edge}`,
      ExitCode.runFailed,
      `create it in the system's Toxiproxy config (the proxy of edge caller->upstream is named caller_to_upstream)`,
      { cause: err },
    );
  }
}
