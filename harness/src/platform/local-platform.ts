import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mesh } from '../mesh/index.js';
import { reservePort, type PortReservation } from './free-port.js';
import { LocalService } from './local-service.js';
import { listenersBeyondLoopback } from './loopback-exposure.js';
import { ServiceList } from './service-list.js';
import type { Platform, PreparedMesh, PrepareOptions } from './platform.js';

const HOST = '127.0.0.1';

/**
 * Services as child processes on loopback, each in its own process group: crash = SIGKILL,
 * freeze = SIGSTOP, restart = spawn again. Proxies are the embedded server's, on loopback too.
 */
export class LocalPlatform implements Platform {
  readonly name = 'local';

  async prepare(mesh: Mesh, opts: PrepareOptions): Promise<PreparedMesh> {
    await mkdir(opts.logDir, { recursive: true });
    // Held until the services start: proxies and the Toxiproxy API bind port 0 in between.
    const reservations: PortReservation[] = [];
    const releaseAll = (): Promise<unknown> => Promise.all(reservations.map((r) => r.release()));
    const ports = new Map<string, number>();
    for (const s of mesh.services) {
      if (s.port) ports.set(s.name, s.port);
      else {
        const r = await reservePort(HOST);
        reservations.push(r);
        ports.set(s.name, r.port);
      }
    }
    return {
      upstreamAddress: (service) => `${HOST}:${ports.get(service)}`,
      proxyListen: () => `${HOST}:0`,
      proxyEndpoints: (_index, listen) => ({ callerUrl: `http://${listen}`, hostAddress: listen }),
      start: async (env, signal) => {
        // Passed to every service as a folder of its own: it must exist before the service starts.
        await Promise.all(
          mesh.services.map((def) => mkdir(join(opts.dataDir, def.name), { recursive: true })),
        );
        await releaseAll();
        const services = mesh.services.map(
          (def) =>
            new LocalService(
              def,
              def.cwd ?? mesh.dir,
              {
                ...def.env,
                ...env.get(def.name),
                FAULTLINE_RUN_ID: opts.runId,
                FAULTLINE_DATA_DIR: join(opts.dataDir, def.name),
              },
              {
                host: HOST,
                port: ports.get(def.name)!,
                logDir: opts.logDir,
                readyTimeoutMs: opts.readyTimeoutMs,
              },
            ),
        );
        const started = new ServiceList(services, (s) => s.stop());
        try {
          await Promise.all(services.map((s) => s.spawnAndWait(signal)));
        } catch (err) {
          await started.stop();
          throw err;
        }
        for (const s of services) {
          const wide = await listenersBeyondLoopback(s.launch.port);
          if (wide.length === 0) continue;
          started.warnings.push(
            `service "${s.name}" listens on ${wide.map((a) => `${a.includes(':') ? `[${a}]` : a}:${s.launch.port}`).join(' and ')} although it was given HOST=${HOST}: it is reachable from the network during the run; make it listen on HOST`,
          );
        }
        return started;
      },
      dispose: async () => {
        await releaseAll();
      },
    };
  }
}
