import type { Proxy, Toxic } from 'toxiproxy-node-client';
import { once, type ActiveFault, type FaultContext, type ToxicPlan } from './fault-type.js';

/** Proxies fetched by name, per API client, so only the first apply on an edge pays for the `GET`. */
const fetched = new WeakMap<FaultContext['toxiproxy'], Map<string, Proxy>>();

/**
 * The Toxiproxy proxy that carries `edge`: the one kept from start-up, else fetched once and
 * kept. A kept object is safe to reuse: its methods act by name, and a run never changes a
 * proxy's listen or upstream address.
 */
export async function proxyOf(edge: string, ctx: FaultContext): Promise<Proxy> {
  const kept = ctx.proxyHandles?.get(edge);
  if (kept) return kept;
  const name = ctx.proxies.get(edge);
  if (!name) throw new Error(`edge "${edge}" has no proxy`);
  let byName = fetched.get(ctx.toxiproxy);
  if (!byName) fetched.set(ctx.toxiproxy, (byName = new Map()));
  const cached = byName.get(name);
  if (cached) return cached;
  const proxy = await ctx.toxiproxy.get(name);
  byName.set(name, proxy);
  return proxy;
}

/**
 * Adds the toxics of one fault to the edge's proxy, all or nothing: if one cannot be added, those
 * already added are removed before the error is passed on. Reverting removes them in order.
 */
export async function applyToxics(
  edge: string,
  ctx: FaultContext,
  plans: readonly ToxicPlan[],
): Promise<ActiveFault> {
  const proxy = await proxyOf(edge, ctx);
  const toxics: Toxic<unknown>[] = [];
  try {
    for (const p of plans) {
      toxics.push(
        await proxy.addToxic<unknown>({
          name: `${ctx.toxicPrefix}${p.suffix}`,
          type: p.type,
          stream: p.stream,
          toxicity: p.toxicity ?? 1,
          attributes: p.attributes,
        }),
      );
    }
  } catch (err) {
    await Promise.allSettled(toxics.map((t) => t.remove()));
    throw err;
  }
  const names = plans.map((p) => `${p.type} toxic "${ctx.toxicPrefix}${p.suffix}"`).join(', ');
  return once(`${names} on proxy "${proxy.name}"`, async () => {
    for (const t of toxics) await removeToxic(t);
  });
}

/**
 * Removes a toxic; one that is already gone counts as removed, so a revert retried after a
 * partial failure finishes the job instead of failing on what it did the first time.
 */
export async function removeToxic(toxic: Toxic<unknown>): Promise<void> {
  try {
    await toxic.remove();
  } catch (err) {
    // toxiproxy-node-client keeps only "Request failed with status code N".
    if (!/status code 404/.test((err as Error).message)) throw err;
  }
}
