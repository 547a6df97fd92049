import { formatHostPort, resolveListen } from './address.js';
import { ApiError } from './api-error.js';
import { Proxy, type ProxyContext, type ProxyFields } from './proxy.js';

/** One item of a `/populate` body or a `toxiproxy.json` config file. */
export interface PopulateItem {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

/** Outcome of a populate: the proxies created or kept so far, and the error that stopped it. */
export interface PopulateResult {
  proxies: Proxy[];
  error?: ApiError;
}

/** Every proxy of the server by name, with Toxiproxy's add, replace and reset rules. */
export class ProxyCollection {
  private readonly proxies = new Map<string, Proxy>();

  constructor(private readonly ctx: ProxyContext) {}

  /** Proxies sorted by name, as Go's JSON encoder orders a map. */
  list(): Proxy[] {
    return [...this.proxies.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw ApiError.proxyNotFound();
    return proxy;
  }

  /** Creates a proxy; it is stored only if it started (or was created disabled). */
  async add(name: string, fields: ProxyFields): Promise<Proxy> {
    if (this.proxies.has(name)) throw ApiError.proxyExists();
    const proxy = new Proxy(name, fields, this.ctx);
    if (fields.enabled) await this.startOrThrow(proxy);
    this.proxies.set(name, proxy);
    return proxy;
  }

  async remove(name: string): Promise<void> {
    this.get(name).stop();
    this.proxies.delete(name);
  }

  /**
   * Validates every item, then adds or replaces each: an existing proxy with the same resolved
   * listen address and upstream is kept untouched (toxics and `enabled` included).
   */
  async populate(items: readonly PopulateItem[]): Promise<PopulateResult> {
    for (const [i, item] of items.entries()) {
      if (item.name === '') return { proxies: [], error: ApiError.missingField(`name at proxy ${i + 1}`) };
      if (item.upstream === '')
        return { proxies: [], error: ApiError.missingField(`upstream at proxy ${i + 1}`) };
    }
    const done: Proxy[] = [];
    for (const item of items) {
      try {
        done.push(await this.addOrReplace(item));
      } catch (err) {
        return { proxies: done, error: ApiError.internal(err) };
      }
    }
    return { proxies: done };
  }

  /** Re-enables every proxy and removes every toxic; proxies stay. */
  async reset(): Promise<void> {
    for (const proxy of this.list()) {
      await this.startOrThrow(proxy);
      proxy.toxics.clear();
    }
  }

  /** Stops every proxy (the server is closing). */
  stopAll(): void {
    for (const proxy of this.proxies.values()) proxy.stop();
  }

  private async addOrReplace(item: PopulateItem): Promise<Proxy> {
    const existing = this.proxies.get(item.name);
    if (existing) {
      if (sameListen(existing.listen, item.listen) && existing.upstream === item.upstream) return existing;
      existing.stop();
    }
    const proxy = new Proxy(item.name, item, this.ctx);
    if (item.enabled) await this.startOrThrow(proxy);
    this.proxies.set(item.name, proxy);
    return proxy;
  }

  private async startOrThrow(proxy: Proxy): Promise<void> {
    try {
      await proxy.start();
    } catch (err) {
      throw ApiError.internal(err);
    }
  }
}

function sameListen(a: string, b: string): boolean {
  try {
    return formatHostPort(resolveListen(a)) === formatHostPort(resolveListen(b));
  } catch {
    return a === b;
  }
}
