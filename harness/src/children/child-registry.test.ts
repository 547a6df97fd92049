import { describe, expect, it } from 'vitest';
import { ChildRegistry } from './child-registry.js';

function recording(): { calls: [number, string][]; kill: (pid: number, s: NodeJS.Signals) => void } {
  const calls: [number, string][] = [];
  return { calls, kill: (pid, s) => void calls.push([pid, s]) };
}

describe('ChildRegistry', () => {
  it('kills the process group of each recorded child, continuing it first, and forgets them', () => {
    const { calls, kill } = recording();
    const registry = new ChildRegistry(kill);
    registry.add(100);
    registry.add(200);
    expect(registry.killAll()).toEqual([100, 200]);
    expect(calls).toEqual([
      [-100, 'SIGCONT'],
      [-100, 'SIGKILL'],
      [-200, 'SIGCONT'],
      [-200, 'SIGKILL'],
    ]);
    expect(registry.pids()).toEqual([]);
    expect(registry.killAll()).toEqual([]);
  });

  it('leaves alone a child that was forgotten when it exited', () => {
    const { calls, kill } = recording();
    const registry = new ChildRegistry(kill);
    const forget = registry.add(100);
    registry.add(200);
    forget();
    registry.killAll();
    expect(calls.map(([pid]) => pid)).toEqual([-200, -200]);
  });

  it('goes on to the next group when one is gone already', () => {
    const calls: number[] = [];
    const registry = new ChildRegistry((pid) => {
      calls.push(pid);
      if (pid === -100) throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    });
    registry.add(100);
    registry.add(200);
    expect(registry.killAll()).toEqual([100, 200]);
    expect(calls).toEqual([-100, -100, -200, -200]);
  });
});
