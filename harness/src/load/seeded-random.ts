/**
 * A small seeded generator (mulberry32) for request templates, so a scenario's `seed` makes
 * the ids it sends reproducible. Not for anything secret.
 */
export class SeededRandom {
  private state: number;

  /** `stream` separates generators that share a seed (one per route). */
  constructor(seed: number, stream = '') {
    let h = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
    this.state = h;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** 8 random hex digits. */
  hex8(): string {
    return Math.floor(this.next() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  }

  /** An RFC 9562 version 4 UUID drawn from this generator. */
  uuid(): string {
    const h = this.hex8() + this.hex8() + this.hex8() + this.hex8();
    const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
