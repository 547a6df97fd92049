import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mesh } from '../mesh/index.js';
import { ExternalPlatform } from './external-platform.js';

/** One server playing both the system's Toxiproxy (/version) and its services (/readyz). */
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const service = (name: string, container?: string) => ({
  name,
  command: ['true'],
  port: 0,
  health: '/healthz',
  ready: '/readyz',
  metrics: '/metrics',
  env: {},
  upstreams: {},
  external: { url, container },
});

describe('ExternalPlatform', () => {
  it('acts only on the containers the mesh file names', async () => {
    const acted: string[] = [];
    const docker = {
      getContainer: (name: string) => ({
        kill: async () => void acted.push(`kill ${name}`),
        wait: async () => ({}),
        pause: async () => void acted.push(`pause ${name}`),
      }),
    } as unknown as Docker;
    const mesh: Mesh = {
      name: 'sys',
      dir: '.',
      entry: 'web',
      external: { toxiproxy: url },
      services: [service('web', 'sys-web-1'), service('db')],
    };
    const prepared = await new ExternalPlatform(docker).prepare(mesh, {
      runId: 'r',
      logDir: '.',
      dataDir: '.',
      readyTimeoutMs: 2000,
      log: () => {},
    });
    const started = await prepared.start(new Map());

    await started.service('web').kill();
    await started.service('web').freeze();
    expect(acted).toEqual(['kill sys-web-1', 'pause sys-web-1']);
    await expect(started.service('db').kill()).rejects.toThrow(
      /names no container .*faultline acts only on containers it is given/,
    );
    expect(acted).toHaveLength(2);
    // stopping the mesh leaves the system running
    await started.stop();
    expect(acted).toHaveLength(2);
  });

  it('refuses a mesh without an external section, saying what to add', async () => {
    const mesh: Mesh = { name: 'sys', dir: '.', entry: 'web', services: [service('web')] };
    await expect(
      new ExternalPlatform({} as Docker).prepare(mesh, {
        runId: 'r',
        logDir: '.',
        dataDir: '.',
        readyTimeoutMs: 100,
        log: () => {},
      }),
    ).rejects.toMatchObject({ exitCode: 2, hint: expect.stringMatching(/external: \{ toxiproxy/) });
  });
});
