import { ApiError } from './api-error.js';
import type { Direction, ToxicSpec } from './toxic-spec.js';
import type { Link } from './link.js';

/**
 * The toxics of one proxy: a chain per direction in creation order, names unique across both.
 * Every change reaches the live links of that direction at once.
 */
export class ToxicCollection {
  private readonly chains: Record<Direction, ToxicSpec[]> = { upstream: [], downstream: [] };

  constructor(private readonly links: (direction: Direction) => Iterable<Link>) {}

  /** Snapshot of both chains for a new connection. */
  snapshot(): Record<Direction, readonly ToxicSpec[]> {
    return { upstream: [...this.chains.upstream], downstream: [...this.chains.downstream] };
  }

  /** Upstream toxics first, then downstream, each in creation order (as GET /toxics). */
  list(): ToxicSpec[] {
    return [...this.chains.upstream, ...this.chains.downstream];
  }

  get(name: string): ToxicSpec | undefined {
    return this.list().find((t) => t.name === name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  add(spec: ToxicSpec): void {
    if (this.has(spec.name)) throw ApiError.toxicExists();
    this.chains[spec.direction].push(spec);
    for (const link of this.links(spec.direction)) link.addToxic(spec);
  }

  /** Replaces the toxic of the same name (its direction and type never change). */
  update(spec: ToxicSpec): void {
    const chain = this.chains[spec.direction];
    const i = chain.findIndex((t) => t.name === spec.name);
    if (i < 0) throw ApiError.toxicNotFound();
    chain[i] = spec;
    for (const link of this.links(spec.direction)) link.updateToxic(spec);
  }

  remove(name: string): void {
    const spec = this.get(name);
    if (!spec) throw ApiError.toxicNotFound();
    const chain = this.chains[spec.direction];
    chain.splice(chain.indexOf(spec), 1);
    for (const link of this.links(spec.direction)) link.removeToxic(name);
  }

  clear(): void {
    for (const spec of this.list()) this.remove(spec.name);
  }

  /** Whether any toxic makes new connections close with RST (reset_peer). */
  some(predicate: (spec: ToxicSpec) => boolean): boolean {
    return this.list().some(predicate);
  }
}
