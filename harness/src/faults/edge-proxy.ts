import type { Proxy } from 'toxiproxy-node-client';
import type { FaultContext } from './fault.js';

/** The Toxiproxy proxy that carries `edge`. */
export async function proxyOf(edge: string, ctx: FaultContext): Promise<Proxy> {
  const name = ctx.proxies.get(edge);
  if (!name) throw new Error(`edge "${edge}" has no proxy`);
  return ctx.toxiproxy.get(name);
}
