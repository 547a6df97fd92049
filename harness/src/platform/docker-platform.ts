import { mkdir } from 'node:fs/promises';
import type Docker from 'dockerode';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { edgesOf, type Mesh, type ServiceDef } from '../mesh/index.js';
import { directoryTar } from './directory-tar.js';
import { newDockerClient } from './docker-client.js';
import { ensureFaultlineImage, ensureImage, FAULTLINE_IMAGE } from './docker-images.js';
import { DockerService } from './docker-service.js';
import { freePort } from './free-port.js';
import { ServiceList } from './service-list.js';
import type { Platform, PreparedMesh, PrepareOptions, StartedMesh } from './platform.js';
import { FIRST_PROXY_PORT, toxiproxyContainerOptions } from './toxiproxy-container.js';
import { waitReady } from './wait-ready.js';

export interface DockerPlatformOptions {
  /** faultline's package root (for building its own image). */
  root: string;
  /** Base of faultline's image: `node:20-slim` with a registry, `faultline-base:node` offline. */
  baseImage: string;
  /** The Toxiproxy to run: an image such as `ghcr.io/shopify/toxiproxy:2.12.0`, or `faultline`. */
  toxiproxyImage: string;
  docker?: Docker;
}

/** Labels on everything the platform creates, so cleanup finds it by run. */
export const RUN_LABEL = 'faultline.run';
const LOOPBACK = '127.0.0.1';
/** FAULTLINE_DATA_DIR inside a container: /tmp exists in every image that runs Node. */
const DATA_PARENT = '/tmp';
const DATA_FOLDER = 'faultline-data';

/**
 * The mesh in containers on a private network with a Toxiproxy container, created through
 * dockerode. Only what the harness must reach is published, and only on 127.0.0.1.
 */
export class DockerPlatform implements Platform {
  readonly name = 'docker';
  private client: Docker | undefined;

  constructor(private readonly opts: DockerPlatformOptions) {
    this.client = opts.docker;
  }

  /** The client `prepare` made; everything else runs after it. */
  private get docker(): Docker {
    if (!this.client) throw new Error('the Docker platform was used before prepare()');
    return this.client;
  }

  async prepare(mesh: Mesh, opts: PrepareOptions): Promise<PreparedMesh> {
    this.client ??= await newDockerClient();
    await this.ping();
    await mkdir(opts.logDir, { recursive: true });
    const defs = mesh.services.map((s) => dockerDef(s, mesh));
    const faultlineImage = await this.images(defs, opts.log, opts.signal);
    const labels = { [RUN_LABEL]: opts.runId };
    const prefix = `faultline-${opts.runId.slice(0, 8)}`;
    const created: Docker.Container[] = [];
    let network: Docker.Network | undefined;
    const dispose = async (): Promise<void> => {
      await Promise.all(created.splice(0).map((c) => c.remove({ force: true }).catch(() => undefined)));
      await network?.remove().catch(() => undefined);
      network = undefined;
    };
    try {
      network = await this.docker.createNetwork({ Name: prefix, Labels: labels });
      const edgeCount = edgesOf(mesh).length;
      const proxyHostPorts = await Promise.all(Array.from({ length: edgeCount }, () => freePort(LOOPBACK)));
      const apiPort = await freePort(LOOPBACK);
      const toxiproxy = await this.docker.createContainer(
        toxiproxyContainerOptions({
          name: `${prefix}-toxiproxy`,
          image: this.opts.toxiproxyImage === FAULTLINE_IMAGE ? faultlineImage! : this.opts.toxiproxyImage,
          choice: this.opts.toxiproxyImage,
          labels,
          env: ['LOG_LEVEL=warn'],
          network: prefix,
          alias: 'toxiproxy',
          apiPort,
          proxyHostPorts,
        }),
      );
      created.push(toxiproxy);
      await toxiproxy.start();
      const toxiproxyUrl = `http://${LOOPBACK}:${apiPort}`;
      if (!(await waitReady(`${toxiproxyUrl}/version`, opts.readyTimeoutMs, () => true, opts.signal))) {
        throw new FaultlineError(
          `the Toxiproxy container (${this.opts.toxiproxyImage}) did not answer within ${opts.readyTimeoutMs} ms`,
          ExitCode.runFailed,
        );
      }
      return {
        toxiproxyUrl,
        upstreamAddress: (service) => `${service}:${defs.find((d) => d.name === service)!.docker.port}`,
        proxyListen: (i) => `0.0.0.0:${FIRST_PROXY_PORT + i}`,
        proxyEndpoints: (i) => ({
          callerUrl: `http://toxiproxy:${FIRST_PROXY_PORT + i}`,
          hostAddress: `${LOOPBACK}:${proxyHostPorts[i]}`,
        }),
        start: (env, signal) =>
          this.startServices(defs, env, { ...opts, prefix, labels, faultlineImage, signal }),
        dispose,
      };
    } catch (err) {
      await dispose();
      throw err;
    }
  }

  private async startServices(
    defs: DockerDef[],
    env: ReadonlyMap<string, Record<string, string>>,
    o: PrepareOptions & { prefix: string; labels: Record<string, string>; faultlineImage?: string },
  ): Promise<StartedMesh> {
    const services: DockerService[] = [];
    const mesh = new ServiceList(services, (s) => s.stop());
    try {
      for (const def of defs) {
        o.signal?.throwIfAborted();
        const hostPort = await freePort(LOOPBACK);
        const variables = {
          ...def.env,
          ...env.get(def.name),
          HOST: '0.0.0.0',
          PORT: String(def.docker.port),
          SERVICE_NAME: def.name,
          FAULTLINE_RUN_ID: o.runId,
          // The container's own filesystem: kept across kill and start, gone with the container.
          FAULTLINE_DATA_DIR: `${DATA_PARENT}/${DATA_FOLDER}`,
        };
        const container = await this.docker.createContainer({
          name: `${o.prefix}-${def.name}`,
          Image: def.docker.image === FAULTLINE_IMAGE ? o.faultlineImage! : def.docker.image,
          Cmd: def.docker.command,
          Env: Object.entries(variables).map(([k, v]) => `${k}=${v}`),
          Labels: { ...o.labels, 'faultline.service': def.name },
          ExposedPorts: { [`${def.docker.port}/tcp`]: {} },
          HostConfig: {
            NetworkMode: o.prefix,
            PortBindings: { [`${def.docker.port}/tcp`]: [{ HostIp: LOOPBACK, HostPort: String(hostPort) }] },
          },
          NetworkingConfig: { EndpointsConfig: { [o.prefix]: { Aliases: [def.name] } } },
        });
        // Made before the service starts, as on the local platform.
        await container.putArchive(directoryTar(DATA_FOLDER), { path: DATA_PARENT });
        const launch = {
          name: def.name,
          host: LOOPBACK,
          port: hostPort,
          ready: def.ready,
          health: def.health,
          metrics: def.metrics,
        };
        services.push(new DockerService(this.docker, container, launch, o));
      }
      await Promise.all(services.map((s) => s.startAndWait(o.signal)));
      return mesh;
    } catch (err) {
      await mesh.stop();
      throw err;
    }
  }

  /** Builds or finds every image the run needs; returns faultline's own image tag when used. */
  private async images(
    defs: DockerDef[],
    log: (l: string) => void,
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> {
    const wanted = new Set([...defs.map((d) => d.docker.image), this.opts.toxiproxyImage]);
    let own: string | undefined;
    if (wanted.delete(FAULTLINE_IMAGE)) {
      own = await ensureFaultlineImage(this.docker, {
        root: this.opts.root,
        baseImage: this.opts.baseImage,
        log,
        signal,
      });
    }
    for (const image of wanted) {
      const hint =
        image === this.opts.toxiproxyImage
          ? `offline, pass --toxiproxy-image ${FAULTLINE_IMAGE} to run faultline's own Toxiproxy-compatible server in a locally built image`
          : 'build or load the image locally (docker build / docker load), or check the image name in the mesh file';
      await ensureImage(this.docker, image, log, hint, signal);
    }
    return own;
  }

  private async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (err) {
      throw new FaultlineError(
        'no Docker daemon answers',
        ExitCode.runFailed,
        'start one (`sudo systemctl start docker`, or `dockerd &` as root), or set DOCKER_HOST; or run with --platform local',
        { cause: err },
      );
    }
  }
}

type DockerDef = ServiceDef & { docker: NonNullable<ServiceDef['docker']> };

function dockerDef(s: ServiceDef, mesh: Mesh): DockerDef {
  if (!s.docker) {
    throw new FaultlineError(
      `service "${s.name}" of mesh "${mesh.name}" has no docker section, so it cannot run on the docker platform`,
      ExitCode.invalidInput,
      `add docker: { image: …, port: … } to services.${s.name} in the mesh file`,
    );
  }
  return s as DockerDef;
}
