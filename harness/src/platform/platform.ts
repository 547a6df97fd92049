/**
 * The platform contract: start a set of services and act on each one. A platform never decides
 * when to act; the runner and the fault injector do.
 *
 * Contract every platform keeps:
 * - `start()` resolves only when every service answers its ready endpoint, or rejects after
 *   stopping whatever it had started (nothing is left behind on failure).
 * - `StartedMesh.stop()` is idempotent and stops everything `start()` started, also frozen or
 *   crashed services.
 * - Acting on a service (`kill`, `freeze`, …) resolves when the action has taken effect.
 */
export interface Platform {
  readonly name: string;
  start(launches: ServiceLaunch[], opts: StartOptions): Promise<StartedMesh>;
}

/** Everything needed to start one service, with ports and upstream URLs already decided. */
export interface ServiceLaunch {
  name: string;
  command: string[];
  cwd: string;
  env: Record<string, string>;
  host: string;
  port: number;
  /** Paths on the service, e.g. `/readyz`. */
  ready: string;
  health: string;
  metrics: string;
}

export interface StartOptions {
  /** Folder where each service's output goes, as `<service>.log`. */
  logDir: string;
  readyTimeoutMs: number;
}

export interface StartedMesh {
  readonly services: readonly StartedService[];
  service(name: string): StartedService;
  stop(): Promise<void>;
}

export interface StartedService {
  readonly name: string;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly launch: ServiceLaunch;
  /** Process id while running (local platform), for the ledger and for tests. */
  pid(): number | undefined;
  isRunning(): boolean;
  /** Hard crash: SIGKILL (local) or kill (docker); resolves once it is gone. */
  kill(): Promise<void>;
  /** Start again after a kill; resolves when ready. */
  restart(): Promise<void>;
  /** SIGSTOP / pause, and the reverse. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
}
