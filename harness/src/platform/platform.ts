import type { Mesh } from '../mesh/index.js';

/**
 * The platform contract: run a mesh's services somewhere and act on each one. A platform never
 * decides when to act; the runner and the fault injector do.
 *
 * Contract every platform keeps:
 * - `prepare()` changes nothing the run cannot undo: whatever it creates, `dispose()` removes.
 * - `start()` resolves only when every service answers its ready endpoint, or rejects after
 *   stopping whatever it had started (nothing is left behind on failure).
 * - `StartedMesh.stop()` is idempotent and stops everything `start()` started, also frozen or
 *   crashed services.
 * - Acting on a service (`kill`, `freeze`, …) resolves when the action has taken effect.
 * - Everything a platform starts carries the run id (an environment variable for processes, a
 *   label for containers), so `faultline cleanup` can always find it.
 */
export interface Platform {
  readonly name: string;
  prepare(mesh: Mesh, opts: PrepareOptions): Promise<PreparedMesh>;
}

export interface PrepareOptions {
  runId: string;
  /** Folder where each service's output goes, as `<service>.log`. */
  logDir: string;
  /**
   * A folder of this run alone (it starts empty), under which each service gets a data folder of
   * its own, `<dataDir>/<service>`, passed as `FAULTLINE_DATA_DIR`: it survives the service's
   * crashes and restarts (docker gives a folder inside the container, which a restart keeps).
   */
  dataDir: string;
  readyTimeoutMs: number;
  /** Progress lines for a person. */
  log: (line: string) => void;
  /**
   * Aborted on SIGINT/SIGTERM or at the run's deadline: image pulls and builds and readiness
   * waits stop at once, and `prepare()` rejects after removing what it had created.
   */
  signal?: AbortSignal;
}

/** A mesh ready to start: where everything will listen, and how each part reaches the others. */
export interface PreparedMesh {
  /**
   * The Toxiproxy API this platform started for the run, or undefined when the runner is to
   * start the embedded server in-process (proxies then listen on the harness's own loopback).
   */
  readonly toxiproxyUrl?: string;
  /**
   * True when the proxies exist already (a system faultline did not start): the runner looks up
   * each edge's proxy by name instead of creating it, and never removes it.
   */
  readonly proxiesExist?: boolean;
  /** The address (`host:port`) a proxy forwards to, to reach `service`. */
  upstreamAddress(service: string): string;
  /** The address the proxy with this index is created with (Toxiproxy's `listen`). */
  proxyListen(index: number): string;
  /** From the address the proxy reports: the URL its caller is given, and an address the harness reaches it at. */
  proxyEndpoints(index: number, listen: string): { callerUrl: string; hostAddress: string };
  /**
   * Starts every service with its extra environment (upstream URLs); see the contract above.
   * Once `signal` aborts it stops waiting, stops what it started and rejects.
   */
  start(env: ReadonlyMap<string, Record<string, string>>, signal?: AbortSignal): Promise<StartedMesh>;
  /** Removes what prepare() created; call after the mesh is stopped. Idempotent. */
  dispose(): Promise<void>;
}

/** One service as started: what the harness and the observer need to reach it. */
export interface ServiceLaunch {
  name: string;
  /** Host and port the harness reaches the service at. */
  host: string;
  port: number;
  /** Paths on the service, e.g. `/readyz`. */
  ready: string;
  health: string;
  metrics: string;
  /**
   * For a service that does not speak HTTP: the bytes a fault's canary sends instead of
   * `GET <health>`, chosen so that its server answers them (Redis `PING\r\n`).
   */
  probe?: string;
}

export interface StartedMesh {
  readonly services: readonly StartedService[];
  /**
   * What a person should know about how the services came up, e.g. one listening beyond loopback
   * although it was told HOST=127.0.0.1; the run prints them and results.json keeps them.
   */
  readonly warnings?: readonly string[];
  service(name: string): StartedService;
  stop(): Promise<void>;
}

export interface StartedService {
  readonly name: string;
  /** Base URL the harness reaches it at, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly launch: ServiceLaunch;
  isRunning(): boolean;
  /** Hard crash: SIGKILL (local) or kill (docker); resolves once it is gone. */
  kill(): Promise<void>;
  /** Start again after a kill; resolves when ready. */
  restart(): Promise<void>;
  /** SIGSTOP / pause, and the reverse. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
}
