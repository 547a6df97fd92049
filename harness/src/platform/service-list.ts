import type { StartedMesh, StartedService } from './platform.js';

/** A started mesh as a list of services; `stopOne` says how a platform stops each. */
export class ServiceList<S extends StartedService> implements StartedMesh {
  readonly warnings: string[] = [];

  constructor(
    readonly services: readonly S[],
    private readonly stopOne: (s: S) => Promise<void>,
  ) {}

  service(name: string): StartedService {
    const s = this.services.find((x) => x.name === name);
    if (!s) throw new Error(`no service "${name}" in this mesh`);
    return s;
  }

  async stop(): Promise<void> {
    await Promise.all(this.services.map((s) => this.stopOne(s)));
  }
}
