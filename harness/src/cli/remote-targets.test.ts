import { describe, expect, it } from 'vitest';
import type { FaultSpec } from '../faults/index.js';
import type { Mesh } from '../mesh/index.js';
import { refuseRemoteTargets } from './remote-targets.js';

const mesh = { name: 'm', services: [] } as unknown as Mesh;
const commandFault = (name: string, url: string) =>
  ({
    type: 'command',
    name,
    atMs: 0,
    forMs: 1000,
    apply: { argv: ['true'], timeoutMs: 1000 },
    revert: { argv: ['true'], timeoutMs: 1000 },
    verify: { url, expect: { status: 503 }, timeoutMs: 1000 },
  }) as FaultSpec;

describe('refuseRemoteTargets', () => {
  it("refuses a command fault's HTTP verify off this machine unless --allow-remote (exit 2)", () => {
    const faults = [
      commandFault('near', 'http://127.0.0.1:8080/health'),
      commandFault('far', 'http://db.example:8080/'),
    ];
    expect(() => refuseRemoteTargets(mesh, 'local', false, [], faults)).toThrow(
      expect.objectContaining({
        exitCode: 2,
        message:
          'mesh "m" sends traffic outside this machine: the verify of fault "far" at http://db.example:8080/',
      }),
    );
    expect(() => refuseRemoteTargets(mesh, 'local', true, [], faults)).not.toThrow();
    expect(() => refuseRemoteTargets(mesh, 'local', false, [], faults.slice(0, 1))).not.toThrow();
  });
});
