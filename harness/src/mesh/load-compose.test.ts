import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/index.js';
import { edgeName, edgesOf } from './types.js';
import { isComposeFile, loadComposeMesh } from './load-compose.js';
import { loadMesh, packageRoot } from './load-mesh.js';

/** A compose file (and more files) in a fresh folder; returns the compose file's path. */
function compose(text: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-compose-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  writeFileSync(join(dir, 'docker-compose.yml'), text);
  return join(dir, 'docker-compose.yml');
}

async function issuesOf(file: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  try {
    await loadComposeMesh(file, env);
  } catch (err) {
    if (err instanceof InvalidInputError) return err.issues.map((i) => `${i.line}:${i.col} ${i.message}`);
    throw err;
  }
  throw new Error('expected the compose file to be refused');
}

describe('loadComposeMesh', () => {
  it('reads examples/compose-shop: entry, edges with their ports and reasons, warnings with lines', async () => {
    const file = join(packageRoot(), 'examples/compose-shop/docker-compose.yml');
    const mesh = await loadMesh(file);
    expect(mesh.entry).toBe('shop');
    expect(edgesOf(mesh).map(edgeName)).toEqual(['shop->stock', 'stock->cache']);
    expect(mesh.compose!.edges).toEqual([
      { caller: 'shop', upstream: 'stock', port: 8080, scheme: 'http', why: ['STOCK_URL=http://stock:8080'] },
      {
        caller: 'stock',
        upstream: 'cache',
        port: 6379,
        scheme: 'redis',
        why: ['CACHE_URL=redis://cache:6379'],
      },
    ]);
    expect(mesh.compose!.entryPort).toBe(8080);
    expect(mesh.compose!.ready).toBe('/readyz');
    expect(mesh.compose!.volumes).toEqual(['cache-data']);
    expect(mesh.compose!.warnings.map((w) => `${w.line}:${w.col} ${w.path}`)).toEqual([
      '22:5 services.shop.restart',
    ]);
    const stock = mesh.compose!.services.find((s) => s.name === 'stock')!;
    expect(stock.healthcheck).toMatchObject({
      test: ['CMD', 'node', '-e', expect.any(String)],
      intervalMs: 500,
    });
    expect(stock.dependsOn).toEqual({ cache: 'service_healthy' });
    // `<<: *node` brought the build in, and ${BASE_IMAGE:-…} its default.
    expect(stock.build).toMatchObject({
      dockerfile: 'Dockerfile',
      args: { BASE_IMAGE: 'faultline-base:node' },
    });
  });

  it('interpolates from the environment first, then .env', async () => {
    const file = compose(
      `services:\n  web:\n    image: \${IMAGE}\n    ports: ["8080"]\n    environment:\n      MODE: \${MODE:-on}\n      API: http://api:\${API_PORT}\n  api:\n    image: api\n`,
      { '.env': 'IMAGE=web:1\nAPI_PORT=9000\nMODE=from-dotenv\n' },
    );
    const mesh = await loadComposeMesh(file, { MODE: 'off' });
    const web = mesh.compose!.services[0]!;
    expect(web.image).toBe('web:1');
    expect(web.environment).toEqual({ MODE: 'off', API: 'http://api:9000' });
    expect(mesh.compose!.edges[0]).toMatchObject({ caller: 'web', upstream: 'api', port: 9000 });
  });

  it("takes an edge port from the scheme, the upstream's one port, or x-faultline.ports", async () => {
    const file = compose(`
services:
  web:
    image: web
    ports: ["8080:8080"]
    environment:
      DATABASE_URL: postgres://u:p@db/shop
      Q: amqp://queue
      S: custom://search/x
  db: { image: pg }
  queue: { image: q }
  search: { image: s, expose: ["9200"] }
`);
    const mesh = await loadComposeMesh(file, {});
    expect(mesh.compose!.edges.map((e) => `${e.upstream}:${e.port}`)).toEqual([
      'db:5432',
      'queue:5672',
      'search:9200',
    ]);
  });

  it('refuses an edge whose port cannot be found, naming the x-faultline key that fixes it', async () => {
    const text = `services:\n  web:\n    image: web\n    ports: ["8080"]\n    environment:\n      SEARCH: custom://search/x\n  search: { image: s }\n`;
    expect(await issuesOf(compose(text))).toEqual([
      '6:15 SEARCH names service "search" without a port, and its port cannot be found; set x-faultline.ports.search',
    ]);
    const fixed = await loadComposeMesh(compose(`${text}x-faultline:\n  ports: { search: 7700 }\n`), {});
    expect(fixed.compose!.edges[0]).toMatchObject({ upstream: 'search', port: 7700 });
  });

  it('adds the edges of x-faultline.edges, and takes its entry', async () => {
    const mesh = await loadComposeMesh(
      compose(`
services:
  worker: { image: w }
  cache: { image: redis }
  web: { image: web, expose: [80] }
x-faultline:
  entry: web
  edges:
    worker->cache: { env: CACHE_ADDR, value: "cache:6379" }
`),
      {},
    );
    expect(mesh.entry).toBe('web');
    expect(mesh.compose!.edges).toMatchObject([
      { caller: 'worker', upstream: 'cache', why: ['CACHE_ADDR=cache:6379'] },
    ]);
  });

  it('drops services of profiles not enabled by COMPOSE_PROFILES', async () => {
    const text = `services:\n  web: { image: w, ports: ["80"] }\n  debug: { image: d, profiles: [debug] }\n`;
    expect((await loadComposeMesh(compose(text), {})).services.map((s) => s.name)).toEqual(['web']);
    expect((await loadComposeMesh(compose(text), { COMPOSE_PROFILES: 'debug' })).services).toHaveLength(2);
  });

  it('refuses invalid YAML at line:col', async () => {
    const issues = await issuesOf(compose('services:\n  web: [unclosed\n'));
    expect(issues[0]).toMatch(/^\d+:\d+ /);
  });

  it("refuses service names that collide with faultline's own, at the key", async () => {
    expect(
      await issuesOf(compose('services:\n  web: { image: w, ports: ["80"] }\n  toxiproxy: { image: t }\n')),
    ).toEqual([`3:3 service "toxiproxy" collides with faultline's own Toxiproxy (faultline-toxiproxy)`]);
    // The hand-wired compose file at the top of the project is one.
    const top = await issuesOf(join(packageRoot(), 'docker-compose.yml'));
    expect(top[0]).toMatch(/collides with faultline's own Toxiproxy/);
  });

  it('refuses a build context that does not exist, and a required variable that is unset', async () => {
    expect(
      await issuesOf(
        compose(
          'services:\n  web:\n    build: ./nowhere\n    ports: ["80"]\n    environment: { A: "${NEED:?give A}" }\n',
        ),
      ),
    ).toEqual([
      '5:23 required variable NEED is not set: give A',
      expect.stringMatching(/^3:12 build context "\.\/nowhere" does not exist/),
    ]);
  });

  it('warns about keys outside the subset, with their line', async () => {
    const mesh = await loadComposeMesh(
      compose(
        'services:\n  web:\n    image: w\n    ports: ["80"]\n    deploy: { replicas: 2 }\nconfigs: {}\n',
      ),
      {},
    );
    expect(mesh.compose!.warnings.map((w) => `${w.line}:${w.col} ${w.message}`)).toEqual([
      '6:1 "configs" is ignored: faultline does not run this part of the Compose Specification',
      '5:5 "deploy" is ignored: faultline does not run this part of the Compose Specification',
    ]);
  });

  it('knows a compose file by its name', () => {
    expect(
      ['docker-compose.yml', 'compose.yaml', 'docker-compose.ci.yml', 'shop-compose.yml'].map(isComposeFile),
    ).toEqual([true, true, true, true]);
    expect(['mesh.yaml', 'composer.yaml'].map(isComposeFile)).toEqual([false, false]);
  });
});
