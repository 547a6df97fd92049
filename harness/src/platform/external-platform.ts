import type Docker from 'dockerode';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { newDockerClient } from './docker-client.js';
import type { Mesh, ServiceDef } from '../mesh/index.js';
import type { Platform, PreparedMesh, PrepareOptions, ServiceLaunch, StartedService } from './platform.js';
import { ServiceList } from './service-list.js';
import { waitReady } from './wait-ready.js';

/**
 * A system that is already running (started by `docker compose up` or anything else), described
 * by the mesh file's `external` sections. faultline starts nothing and removes nothing: it uses
 * the system's own Toxiproxy and proxies, and for crash and freeze faults acts only on the
 * containers the mesh file names.
 */
export class ExternalPlatform implements Platform {
  readonly name = 'external';
  constructor(private docker?: Docker) {}

  async prepare(mesh: Mesh, opts: PrepareOptions): Promise<PreparedMesh> {
    const toxiproxyUrl = mesh.external?.toxiproxy;
    if (!toxiproxyUrl) {
      throw new FaultlineError(
        `mesh "${mesh.name}" has no external section, so it cannot run on the external platform`,
        ExitCode.invalidInput,
        'add `external: { toxiproxy: http://127.0.0.1:8474 }` and `external: { url: … }` to each service in the mesh file',
      );
    }
    const launches = mesh.services.map((s) => launchOf(s, mesh));
    if (!(await waitReady(`${toxiproxyUrl}/version`, opts.readyTimeoutMs, () => true, opts.signal))) {
      throw new FaultlineError(
        `the system's Toxiproxy at ${toxiproxyUrl} does not answer`,
        ExitCode.runFailed,
        'start the system first (for the sample mesh: `docker-compose up -d` in the repository)',
      );
    }
    return {
      toxiproxyUrl,
      proxiesExist: true,
      upstreamAddress: () => '',
      proxyListen: () => '',
      proxyEndpoints: (_i, listen) => ({
        callerUrl: '',
        hostAddress: listen.replace(/^(0\.0\.0\.0|\[::\]):/, '127.0.0.1:'),
      }),
      start: async (_env, signal) => {
        const docker = (this.docker ??= await newDockerClient());
        const services = launches.map(
          ({ launch, container }) => new ExternalService(launch, container, docker, opts.readyTimeoutMs),
        );
        for (const s of services) await s.waitReady(signal);
        // The system keeps running: it was never ours to stop.
        return new ServiceList(services, async () => {});
      },
      dispose: async () => {},
    };
  }
}

function launchOf(s: ServiceDef, mesh: Mesh): { launch: ServiceLaunch; container?: string } {
  if (!s.external) {
    throw new FaultlineError(
      `service "${s.name}" of mesh "${mesh.name}" has no external section`,
      ExitCode.invalidInput,
      `add external: { url: http://127.0.0.1:PORT, container: NAME } to services.${s.name} in the mesh file`,
    );
  }
  const url = new URL(s.external.url);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return {
    launch: { name: s.name, host: url.hostname, port, ready: s.ready, health: s.health, metrics: s.metrics },
    container: s.external.container,
  };
}

class ExternalService implements StartedService {
  readonly url: string;
  private running = true;

  constructor(
    readonly launch: ServiceLaunch,
    private readonly container: string | undefined,
    private readonly docker: Docker,
    private readonly readyTimeoutMs: number,
  ) {
    this.url = `http://${launch.host}:${launch.port}`;
  }

  get name(): string {
    return this.launch.name;
  }

  isRunning(): boolean {
    return this.running;
  }

  async waitReady(signal?: AbortSignal): Promise<void> {
    if (!(await waitReady(this.url + this.launch.ready, this.readyTimeoutMs, () => true, signal))) {
      throw new FaultlineError(
        `service "${this.name}" at ${this.url} is not ready (${this.launch.ready})`,
        ExitCode.runFailed,
      );
    }
  }

  async kill(): Promise<void> {
    await this.target().kill({ signal: 'SIGKILL' });
    await this.target().wait();
    this.running = false;
  }

  async restart(): Promise<void> {
    await this.target().start();
    this.running = true;
    await this.waitReady();
  }

  async freeze(): Promise<void> {
    await this.target().pause();
  }

  async thaw(): Promise<void> {
    await this.target().unpause();
  }

  private target(): Docker.Container {
    if (!this.container) {
      throw new Error(
        `service "${this.name}" names no container (services.${this.name}.external.container); faultline acts only on containers it is given`,
      );
    }
    return this.docker.getContainer(this.container);
  }
}
