import { describe, expect, it } from 'vitest';
import { ExploreProgress, eta } from './explore-progress.js';

describe('ExploreProgress', () => {
  it('prints a plain line per cell with its ETA outside a TTY', () => {
    let out = '';
    const p = new ExploreProgress({ mode: 'plain', write: (s) => (out += s) });
    p.onProgress({ done: 2, total: 10, next: 'down orders->payments', etaMs: 96_000 });
    p.log('fault applied');
    expect(out).toBe('explore [3/10] down orders->payments · ETA 1m36s\nfault applied\n');
  });

  it('rewrites one status line on a TTY and prints log lines above it', () => {
    let out = '';
    const p = new ExploreProgress({ mode: 'live', write: (s) => (out += s) });
    p.onProgress({ done: 5, total: 10, next: 'crash payments', etaMs: 30_000 });
    p.log('fault "crash payments" applied');
    p.done();
    expect(out).toBe(
      '\r\x1b[2K[##########..........] [6/10] crash payments · ETA 30s' +
        '\r\x1b[2Kfault "crash payments" applied\n[##########..........] [6/10] crash payments · ETA 30s' +
        '\r\x1b[2K',
    );
  });

  it('says nothing when quiet', () => {
    let out = '';
    const p = new ExploreProgress({ mode: 'quiet', write: (s) => (out += s) });
    p.onProgress({ done: 0, total: 1, etaMs: 0 });
    p.log('x');
    expect(out).toBe('');
    expect(eta(59_400)).toBe('59s');
  });
});
