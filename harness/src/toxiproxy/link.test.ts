import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Link, type LinkOwner } from './link.js';
import type { ToxicSpec } from './toxic-spec.js';
import { isHttpToxicType, toxicType } from './toxics/index.js';

/** Just enough of a socket for a link: records writes and pause/resume. */
class FakeSocket extends EventEmitter {
  written: Buffer[] = [];
  paused = false;
  writableLength = 0;
  write(data: Buffer): boolean {
    this.written.push(data);
    return true;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
}

const owner: LinkOwner & { closed: unknown[] } = {
  closed: [],
  closeOutput(dest) {
    this.closed.push(dest);
  },
  isClosed: () => false,
};

function spec(name: string, type: string, attributes: Record<string, number>, toxicity = 1): ToxicSpec {
  const t = toxicType(type);
  if (!t || isHttpToxicType(t)) throw new Error(type);
  return { name, type: t, stream: 'downstream', direction: 'downstream', toxicity, attributes };
}

const links: Link[] = [];
function makeLink(specs: ToxicSpec[]) {
  const source = new FakeSocket();
  const dest = new FakeSocket();
  const link = new Link(
    'downstream',
    source as unknown as Socket,
    dest as unknown as Socket,
    owner,
    Math.random,
    specs,
  );
  links.push(link);
  return { source, dest, link };
}
afterEach(() => {
  for (const l of links.splice(0)) l.abort();
  owner.closed.length = 0;
});

describe('Link', () => {
  it('writes straight through without toxics and closes the destination on EOF', () => {
    const { source, dest } = makeLink([]);
    source.emit('data', Buffer.from('a'));
    source.emit('data', Buffer.from('b'));
    expect(Buffer.concat(dest.written).toString()).toBe('ab');
    source.emit('end');
    expect(owner.closed).toEqual([dest]);
  });

  it('stops reading while toxics hold over 1024 chunks and flushes in order when the toxic goes', () => {
    const { source, dest, link } = makeLink([spec('l', 'latency', { latency: 60_000 })]);
    for (let i = 0; i < 1025; i++) source.emit('data', Buffer.from([i % 256]));
    expect(dest.written).toHaveLength(0);
    expect(source.paused).toBe(true);
    link.removeToxic('l');
    expect(source.paused).toBe(false);
    expect(dest.written).toHaveLength(1025);
    expect(dest.written.map((b) => b[0])).toEqual(Array.from({ length: 1025 }, (_, i) => i % 256));
  });

  it('passes EOF through a toxic only after the data it holds', async () => {
    const { source, dest } = makeLink([spec('l', 'latency', { latency: 30 })]);
    source.emit('data', Buffer.from('x'));
    source.emit('end');
    expect(owner.closed).toEqual([]);
    await new Promise((r) => setTimeout(r, 80));
    expect(Buffer.concat(dest.written).toString()).toBe('x');
    expect(owner.closed).toEqual([dest]);
  });

  it('a timeout toxic drops data and closes the link when removed, even if its toxicity drew no', () => {
    const { source, dest, link } = makeLink([spec('t', 'timeout', { timeout: 0 }), spec('n', 'noop', {}, 0)]);
    source.emit('data', Buffer.from('gone'));
    expect(dest.written).toHaveLength(0);
    link.removeToxic('t');
    expect(owner.closed).toEqual([dest]);
    const off = makeLink([spec('t2', 'timeout', { timeout: 0 }, 0)]);
    off.source.emit('data', Buffer.from('kept'));
    expect(Buffer.concat(off.dest.written).toString()).toBe('kept');
    off.link.removeToxic('t2');
    expect(owner.closed).toEqual([dest, off.dest]);
  });

  it('an appended toxic applies to data after it, chained in creation order', () => {
    const { source, dest, link } = makeLink([]);
    link.addToxic(spec('a', 'limit_data', { bytes: 3 }));
    link.addToxic(spec('b', 'slicer', { average_size: 1, size_variation: 0, delay: 0 }));
    source.emit('data', Buffer.from('abcdef'));
    expect(dest.written.map((b) => b.toString())).toEqual(['a', 'b', 'c']);
    expect(owner.closed).toEqual([dest]);
  });
});
