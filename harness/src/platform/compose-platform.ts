import { mkdir } from 'node:fs/promises';
import type Docker from 'dockerode';
import { ExitCode, FaultlineError } from '../errors/index.js';
import {
  canaryRequest,
  edgesOf,
  TOXIPROXY_ALIAS,
  type ComposeService,
  type ComposeSystem,
  type Mesh,
} from '../mesh/index.js';
import { DockerService, type Readiness } from './docker-service.js';
import { containerOptions, LOOPBACK, portOf } from './compose-container-spec.js';
import { composeImages } from './compose-images.js';
import { newDockerClient } from './docker-client.js';
import { ensureFaultlineImage, ensureImage, FAULTLINE_IMAGE } from './docker-images.js';
import { RUN_LABEL } from './docker-platform.js';
import { freePort } from './free-port.js';
import type { Platform, PreparedMesh, PrepareOptions, StartedMesh } from './platform.js';
import { ServiceList } from './service-list.js';
import { FIRST_PROXY_PORT, toxiproxyContainerOptions } from './toxiproxy-container.js';
import { waitReady } from './wait-ready.js';

export interface ComposePlatformOptions {
  /** faultline's package root (for its own image, when it is the Toxiproxy). */
  root: string;
  baseImage: string;
  toxiproxyImage: string;
  /** Keep the project's named volumes after the run (they are not labelled with the run then). */
  keepVolumes?: boolean;
  docker?: Docker;
}

/**
 * A compose file's system run through dockerode with Compose's semantics (networks with service
 * aliases, named volumes, depends_on conditions, healthchecks), as project `faultline-<run>`,
 * with faultline's Toxiproxy on every network: each caller's references to another service are
 * rewritten to the proxy of its edge. Only the entry is published, on 127.0.0.1; everything
 * carries the run's label, so `faultline cleanup` finds what a killed run left.
 */
export class ComposePlatform implements Platform {
  readonly name = 'compose';
  private client: Docker | undefined;

  constructor(private readonly opts: ComposePlatformOptions) {
    this.client = opts.docker;
  }

  async prepare(mesh: Mesh, opts: PrepareOptions): Promise<PreparedMesh> {
    const sys = mesh.compose;
    if (!sys) throw new Error(`mesh "${mesh.name}" is not a compose file`);
    const docker = (this.client ??= await newDockerClient());
    await docker.ping().catch((err: Error) => {
      throw new FaultlineError(
        `no Docker daemon answers (${err.message})`,
        ExitCode.runFailed,
        'start one, or set DOCKER_HOST',
      );
    });
    await mkdir(opts.logDir, { recursive: true });
    const project = `faultline-${opts.runId.slice(0, 8)}`;
    const labels = { [RUN_LABEL]: opts.runId, 'com.docker.compose.project': project };
    const images = await composeImages(docker, mesh.name, sys.services, opts.log, opts.signal);
    const toxiproxyImage = await this.toxiproxyImage(docker, opts.log, opts.signal);

    const containers: Docker.Container[] = [];
    const networks: Docker.Network[] = [];
    const volumes: Docker.Volume[] = [];
    const dispose = async (): Promise<void> => {
      await Promise.all(
        containers.splice(0).map((c) => c.remove({ force: true, v: true }).catch(() => undefined)),
      );
      await Promise.all(networks.splice(0).map((n) => n.remove().catch(() => undefined)));
      if (this.opts.keepVolumes) for (const v of volumes.splice(0)) opts.log(`kept volume ${v.name}`);
      else await Promise.all(volumes.splice(0).map((v) => v.remove().catch(() => undefined)));
    };
    try {
      for (const n of sys.networks)
        networks.push(await docker.createNetwork({ Name: `${project}_${n}`, Labels: labels }));
      for (const v of sys.volumes) {
        const volumeLabels = this.opts.keepVolumes ? { 'com.docker.compose.project': project } : labels;
        await docker.createVolume({ Name: `${project}_${v}`, Labels: volumeLabels });
        volumes.push(docker.getVolume(`${project}_${v}`));
      }
      const edges = edgesOf(mesh);
      const proxyHostPorts = await Promise.all(edges.map(() => freePort(LOOPBACK)));
      const apiPort = await freePort(LOOPBACK);
      const proxy = await docker.createContainer(
        toxiproxyContainerOptions({
          name: `${project}-toxiproxy`,
          image: toxiproxyImage,
          choice: this.opts.toxiproxyImage,
          labels,
          env: ['LOG_LEVEL=warn', `FAULTLINE_RUN_ID=${opts.runId}`],
          network: `${project}_${sys.networks[0]}`,
          alias: TOXIPROXY_ALIAS,
          apiPort,
          proxyHostPorts,
        }),
      );
      containers.push(proxy);
      // On every network, so that every caller reaches it and it reaches every upstream.
      for (const n of sys.networks.slice(1))
        await docker
          .getNetwork(`${project}_${n}`)
          .connect({ Container: proxy.id, EndpointConfig: { Aliases: [TOXIPROXY_ALIAS] } });
      await proxy.start();
      const toxiproxyUrl = `http://${LOOPBACK}:${apiPort}`;
      if (!(await waitReady(`${toxiproxyUrl}/version`, opts.readyTimeoutMs, () => true, opts.signal))) {
        throw new FaultlineError(
          `the Toxiproxy container did not answer within ${opts.readyTimeoutMs} ms`,
          ExitCode.runFailed,
        );
      }
      const edgeOf = (caller: string, upstream: string): number =>
        edges.findIndex((e) => e.caller === caller && e.upstream === upstream);
      return {
        toxiproxyUrl,
        upstreamAddress: (service) => `${service}:${sys.edges.find((e) => e.upstream === service)!.port}`,
        proxyListen: (i) => `0.0.0.0:${FIRST_PROXY_PORT + i}`,
        proxyEndpoints: (i) => ({
          callerUrl: `${TOXIPROXY_ALIAS}:${FIRST_PROXY_PORT + i}`,
          hostAddress: `${LOOPBACK}:${proxyHostPorts[i]}`,
        }),
        // The runner's one variable per edge is not enough here: every reference, in every
        // variable, is rewritten in place (scheme, credentials and path kept).
        start: (_env, signal) =>
          this.startServices(docker, sys, mesh.entry, {
            ...opts,
            signal,
            project,
            labels,
            images,
            addressOf: (caller, upstream) => {
              const i = edgeOf(caller, upstream);
              return i < 0 ? undefined : `${TOXIPROXY_ALIAS}:${FIRST_PROXY_PORT + i}`;
            },
          }),
        dispose,
      };
    } catch (err) {
      await dispose();
      throw err;
    }
  }

  private async startServices(
    docker: Docker,
    sys: ComposeSystem,
    entry: string,
    o: PrepareOptions & {
      project: string;
      labels: Record<string, string>;
      images: Map<string, string>;
      addressOf: (caller: string, upstream: string) => string | undefined;
    },
  ): Promise<StartedMesh> {
    const services: DockerService[] = [];
    const mesh = new ServiceList(services, (s) => s.stop());
    const names = sys.services.map((s) => s.name);
    const completes = new Set(
      sys.services.flatMap((s) =>
        Object.entries(s.dependsOn)
          .filter(([, c]) => c === 'service_completed_successfully')
          .map(([d]) => d),
      ),
    );
    try {
      for (const s of sys.services) {
        o.signal?.throwIfAborted();
        const isEntry = s.name === entry;
        // The entry's port, for the load; the others' for the harness alone (canaries, metrics),
        // each on a free 127.0.0.1 port, never on the host ports the compose file names.
        const port = isEntry ? sys.entryPort : portOf(sys, s.name);
        const hostPort = port === undefined ? 0 : await freePort(LOOPBACK);
        const [, ...more] = s.networks.map((n) => `${o.project}_${n}`);
        const container = await docker.createContainer(
          containerOptions(s, { ...o, names, port, hostPort, image: o.images.get(s.name)! }),
        );
        for (const n of more)
          await docker
            .getNetwork(n)
            .connect({ Container: container.id, EndpointConfig: { Aliases: [s.name] } });
        const readiness: Readiness = completes.has(s.name)
          ? 'completed'
          : isEntry && sys.ready
            ? 'http'
            : s.healthcheck
              ? 'healthy'
              : 'running';
        const launch = {
          name: s.name,
          host: LOOPBACK,
          port: hostPort,
          ready: sys.ready ?? '/',
          health: isEntry ? (sys.ready ?? '/') : '/',
          metrics: '/metrics',
          probe: canaryRequest(sys.edges.find((e) => e.upstream === s.name)?.scheme, port),
        };
        services.push(new DockerService(docker, container, launch, { ...o, readiness }));
      }
      // Each service starts once those it depends on are ready (Compose's depends_on order).
      const started = new Map<string, Promise<void>>();
      const startOne = (s: ComposeService): Promise<void> => {
        let p = started.get(s.name);
        if (!p) {
          const deps = Object.keys(s.dependsOn).map((d) => startOne(sys.services.find((x) => x.name === d)!));
          p = Promise.all(deps).then(() => services.find((c) => c.name === s.name)!.startAndWait(o.signal));
          started.set(s.name, p);
        }
        return p;
      };
      const all = sys.services.map(startOne);
      await Promise.all(all.map((p) => p.catch(() => undefined)));
      await Promise.all(all);
      return mesh;
    } catch (err) {
      await mesh.stop();
      throw err;
    }
  }

  private async toxiproxyImage(
    docker: Docker,
    log: (l: string) => void,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    if (this.opts.toxiproxyImage === FAULTLINE_IMAGE)
      return ensureFaultlineImage(docker, {
        root: this.opts.root,
        baseImage: this.opts.baseImage,
        log,
        signal,
      });
    await ensureImage(
      docker,
      this.opts.toxiproxyImage,
      log,
      `offline, pass --toxiproxy-image ${FAULTLINE_IMAGE}`,
      signal,
    );
    return this.opts.toxiproxyImage;
  }
}
