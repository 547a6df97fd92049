import type Docker from 'dockerode';
import { rewriteReferences, type ComposeService, type ComposeSystem } from '../mesh/index.js';

export const LOOPBACK = '127.0.0.1';

export interface ContainerContext {
  project: string;
  runId: string;
  labels: Record<string, string>;
  image: string;
  /** Every service of the project (what a reference may name). */
  names: readonly string[];
  /** The caller's edge to `upstream` → the proxy address it is given instead. */
  addressOf: (caller: string, upstream: string) => string | undefined;
  /** The container port published for the harness, on `hostPort` of 127.0.0.1; none if undefined. */
  port: number | undefined;
  hostPort: number;
}

/**
 * Docker's create options for one compose service, following Compose: its image, command,
 * entrypoint, environment (each reference to another service rewritten to its edge's proxy),
 * healthcheck, mounts, and its name as an alias on its first network (the others are joined after
 * creation). Pure.
 */
export function containerOptions(s: ComposeService, c: ContainerContext): Docker.ContainerCreateOptions {
  const others = c.names.filter((n) => n !== s.name);
  const env = Object.entries(s.environment).map(
    ([k, v]) => `${k}=${rewriteReferences(v, others, (up) => c.addressOf(s.name, up))}`,
  );
  const network = `${c.project}_${s.networks[0] ?? 'default'}`;
  return {
    name: `${c.project}-${s.name}`,
    Image: c.image,
    Cmd: s.command,
    Entrypoint: s.entrypoint,
    Env: [...env, `FAULTLINE_RUN_ID=${c.runId}`],
    WorkingDir: s.workingDir,
    User: s.user,
    Labels: { ...s.labels, ...c.labels, 'faultline.service': s.name, 'com.docker.compose.service': s.name },
    Healthcheck: s.healthcheck && {
      Test: s.healthcheck.test,
      Interval: s.healthcheck.intervalMs * 1e6, // ns, as Docker's API
      Timeout: s.healthcheck.timeoutMs * 1e6,
      StartPeriod: s.healthcheck.startPeriodMs * 1e6,
      Retries: s.healthcheck.retries,
    },
    ExposedPorts: c.port === undefined ? undefined : { [`${c.port}/tcp`]: {} },
    HostConfig: {
      NetworkMode: network,
      PortBindings:
        c.port === undefined
          ? undefined
          : { [`${c.port}/tcp`]: [{ HostIp: LOOPBACK, HostPort: String(c.hostPort) }] },
      Mounts: mounts(s, c.project),
    },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [s.name] } } },
  };
}

/** The port a service listens on: its own `ports`/`expose`, else the one its callers use. */
export function portOf(sys: ComposeSystem, service: string): number | undefined {
  return (
    sys.services.find((s) => s.name === service)?.ports[0] ??
    sys.edges.find((e) => e.upstream === service)?.port
  );
}

function mounts(s: ComposeService, project: string): Docker.MountSettings[] {
  return s.volumes.map((m) =>
    m.type === 'anonymous'
      ? { Type: 'volume', Source: '', Target: m.target }
      : m.type === 'volume'
        ? { Type: 'volume', Source: `${project}_${m.source}`, Target: m.target, ReadOnly: m.readOnly }
        : { Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly },
  );
}
