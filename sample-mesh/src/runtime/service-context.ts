import { Agent } from 'undici';
import { UpstreamClient } from '../resilience/upstream-client.js';
import { readRetryBudgetSettings, readUpstreamSettings } from '../resilience/upstream-settings.js';
import type { Logger } from './logger.js';
import { MeshMetrics } from './mesh-metrics.js';
import { readSwitches, type Env, type PolicySwitches } from './settings.js';

/** Environment variable carrying each upstream's base URL (faultline points it at that edge's proxy). */
export const UPSTREAM_URL_VARS: Readonly<Record<string, string>> = {
  catalog: 'CATALOG_URL',
  orders: 'ORDERS_URL',
  inventory: 'INVENTORY_URL',
  payments: 'PAYMENTS_URL',
  shipping: 'SHIPPING_URL',
};

/** Ports used when `PORT` is unset, so the mesh also runs by hand without faultline. */
export const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  gateway: 7100,
  catalog: 7101,
  orders: 7102,
  inventory: 7103,
  payments: 7104,
  shipping: 7105,
};

/** What every service gets: its name, settings, metrics, logger and a keep-alive HTTP agent. */
export interface ServiceContext {
  name: string;
  env: Env;
  switches: PolicySwitches;
  metrics: MeshMetrics;
  logger: Logger;
  /** Creates the client for one upstream, policies configured from the environment. */
  upstream(name: string): UpstreamClient;
  /** Releases the agent's sockets and aborts calls in flight. */
  close(): Promise<void>;
}

export function createServiceContext(name: string, env: Env, logger: Logger): ServiceContext {
  const switches = readSwitches(env);
  const metrics = new MeshMetrics(name);
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 256 });
  const clients: UpstreamClient[] = [];
  const budget = readRetryBudgetSettings(env);
  return {
    name,
    env,
    switches,
    metrics,
    logger,
    upstream(upstream) {
      const urlVar = UPSTREAM_URL_VARS[upstream] ?? `${upstream.toUpperCase()}_URL`;
      const baseUrl = env[urlVar] ?? `http://127.0.0.1:${DEFAULT_PORTS[upstream] ?? 0}`;
      const client = new UpstreamClient({
        name: upstream,
        baseUrl,
        settings: readUpstreamSettings(env, name, upstream),
        budget,
        switches,
        metrics,
        logger,
        dispatcher: agent,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const c of clients) c.close();
      await agent.close();
    },
  };
}
