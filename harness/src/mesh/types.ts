import type { ComposeSystem } from './compose-types.js';

/**
 * A mesh: the services of a system, how to start each, and which upstreams each one calls
 * through which environment variable. Every (caller, upstream) pair is an edge, and faultline
 * puts a Toxiproxy proxy on every edge by pointing the caller's variable at the proxy.
 */
export interface Mesh {
  name: string;
  /** Folder of the mesh file; commands run there. */
  dir: string;
  /** The service that load is sent to (the front door). */
  entry: string;
  services: ServiceDef[];
  /** A system that is already running (the external platform): where its Toxiproxy is. */
  external?: { toxiproxy: string };
  /** A compose file read as a mesh (`mesh: docker-compose.yml`): what the compose platform runs. */
  compose?: ComposeSystem;
}

export interface ServiceDef {
  name: string;
  /** argv to start it locally, run in `cwd`. */
  command: string[];
  /** Absolute folder the local command runs in; absent: the mesh file's folder. */
  cwd?: string;
  /** Fixed port, or 0 to have faultline pick a free one (passed as PORT). */
  port: number;
  health: string;
  ready: string;
  metrics: string;
  env: Record<string, string>;
  /** upstream service name → environment variable that carries its base URL. */
  upstreams: Record<string, string>;
  /** How to run it as a container (the docker platform); absent: not runnable there. */
  docker?: DockerServiceDef;
  /** Where the already running service is (the external platform). */
  external?: ExternalServiceDef;
}

export interface ExternalServiceDef {
  /** Base URL the harness reaches it at, e.g. `http://127.0.0.1:18080`. */
  url: string;
  /** The container to act on for crash and freeze faults; faultline touches no other. */
  container?: string;
}

export interface DockerServiceDef {
  /** Image to run; `faultline` means the image faultline builds from its own package. */
  image: string;
  /** Arguments after the image's entrypoint; absent: the image's own command. */
  command?: string[];
  /** The port the service listens on inside its container (passed as PORT). */
  port: number;
}

export interface Edge {
  caller: string;
  upstream: string;
}

/** Edge names as users write them: `orders->payments`. */
export function edgeName(e: Edge): string {
  return `${e.caller}->${e.upstream}`;
}

/** Proxy names avoid `>` so they are safe in Toxiproxy URL paths. */
export function proxyName(e: Edge): string {
  return `${e.caller}_to_${e.upstream}`;
}

export function edgesOf(mesh: Mesh): Edge[] {
  return mesh.services.flatMap((s) =>
    Object.keys(s.upstreams).map((upstream) => ({ caller: s.name, upstream })),
  );
}
