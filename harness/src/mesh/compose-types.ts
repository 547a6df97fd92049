import type { SourceIssue } from '../errors/index.js';

/**
 * The subset of the Compose Specification faultline runs, as read from a compose file: every
 * path is absolute, every `${VAR}` interpolated, every short syntax expanded.
 */
export interface ComposeSystem {
  /** The compose file, absolute. */
  file: string;
  /** Active services (profiles applied), in file order. */
  services: ComposeService[];
  /** Networks the services join (`default` when a service names none). */
  networks: string[];
  /** Named volumes (top-level `volumes:` and any a service mounts by name). */
  volumes: string[];
  /** Every edge found, with where and why. */
  edges: ComposeEdge[];
  /** Keys outside the subset faultline runs: reported, never silently dropped. */
  warnings: SourceIssue[];
  /** The entry's readiness path from `x-faultline.ready`, if any (HTTP, on the published port). */
  ready?: string;
  /** The entry's port inside its container: the one port faultline publishes (on 127.0.0.1). */
  entryPort: number;
}

export interface ComposeService {
  name: string;
  image?: string;
  build?: { context: string; dockerfile: string; args: Record<string, string> };
  environment: Record<string, string>;
  /** Ports the service listens on inside its container (from `ports`, `expose` and `x-faultline.ports`). */
  ports: number[];
  dependsOn: Record<string, DependsCondition>;
  /** Docker's healthcheck form; absent: none declared (or disabled). */
  healthcheck?: ComposeHealthcheck;
  networks: string[];
  volumes: ComposeMount[];
  command?: string[];
  entrypoint?: string[];
  workingDir?: string;
  user?: string;
  labels: Record<string, string>;
}

export type DependsCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposeHealthcheck {
  test: string[];
  // ms, converted to Docker's nanoseconds when the container is created
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  retries: number;
}

export type ComposeMount =
  | { type: 'volume'; source: string; target: string; readOnly: boolean }
  | { type: 'bind'; source: string; target: string; readOnly: boolean }
  | { type: 'anonymous'; target: string };

/** One caller → upstream edge and the references that make it. */
export interface ComposeEdge {
  caller: string;
  upstream: string;
  /** The upstream's port the edge's proxy forwards to. */
  port: number;
  /** The URL scheme the caller uses (`redis`, `http`), when its reference is a URL. */
  scheme?: string;
  /** Why faultline believes this is an edge, e.g. `PAYMENTS_URL=http://payments:8080`. */
  why: string[];
}
