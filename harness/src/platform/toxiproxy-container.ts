import type Docker from 'dockerode';
import { FAULTLINE_IMAGE } from './docker-images.js';

/** The Toxiproxy API's port inside its container. */
export const TOXIPROXY_API_PORT = 8474;
/** Proxies listen inside the Toxiproxy container from this port up, one per edge. */
export const FIRST_PROXY_PORT = 10000;
const LOOPBACK = '127.0.0.1';

/**
 * How to create the Toxiproxy container of a run: its API and one port per edge published on
 * 127.0.0.1 only (`apiPort`, `proxyHostPorts`), on `network` under `alias`. With faultline's own
 * image (`--toxiproxy-image faultline`) the embedded server is started listening on every address.
 */
export function toxiproxyContainerOptions(o: {
  name: string;
  /** The image to run; `FAULTLINE_IMAGE` chosen by the user runs faultline's own server in it. */
  image: string;
  choice: string;
  labels: Record<string, string>;
  env: string[];
  network: string;
  alias: string;
  apiPort: number;
  proxyHostPorts: readonly number[];
}): Docker.ContainerCreateOptions {
  const containerPorts = [TOXIPROXY_API_PORT, ...o.proxyHostPorts.map((_, i) => FIRST_PROXY_PORT + i)];
  const hostPorts = [o.apiPort, ...o.proxyHostPorts];
  return {
    name: o.name,
    Image: o.image,
    Cmd:
      o.choice === FAULTLINE_IMAGE
        ? [
            'dist/harness/src/cli/main.js',
            'toxiproxy',
            '--host',
            '0.0.0.0',
            '--port',
            String(TOXIPROXY_API_PORT),
          ]
        : undefined,
    Labels: o.labels,
    Env: o.env,
    ExposedPorts: Object.fromEntries(containerPorts.map((p) => [`${p}/tcp`, {}])),
    HostConfig: {
      NetworkMode: o.network,
      PortBindings: Object.fromEntries(
        containerPorts.map((p, i) => [`${p}/tcp`, [{ HostIp: LOOPBACK, HostPort: String(hostPorts[i]) }]]),
      ),
    },
    NetworkingConfig: { EndpointsConfig: { [o.network]: { Aliases: [o.alias] } } },
  };
}
