import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExploreCell, ExploreResults, ExploreRow } from '../src/explore/index.js';
import { cliPath, processesOfRun, readResults, repoRoot, runCli, tempDir } from './cli-helper.js';
import { tinyMeshDir } from './tiny-mesh.js';

/**
 * The sample shop's steady state, explored on a reduced set: one fault on orders->payments,
 * held 4 s. Payments 1 s late is what the switch matrix's `default` scenario catches with
 * MESH_BREAKER=off: every checkout then waits out orders' 150 ms timeout to payments (and
 * retries), so checkout's p(75) cannot stay under 150 ms, while with the breaker it opens within
 * the first half second and the fallback answers at once.
 */
const SCENARIO = `
name: shop-explore
mesh: sample
seed: 5
load:
  warmup: 2s
  duration: 10s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 50/s }
    - { name: checkout, request: POST /api/orders, body: { sku: sku-1, qty: 1 }, rate: 20/s, timeout: 3s, degraded: { header: x-fallback } }
slo:
  catalog: ["p(99)<300", "rate<0.01"]
  checkout: ["p(75)<150", "rate<0.01"]
explore:
  latency: 1000ms
  hold: 4s
  settle: 2s
  recovery_limit: 10s
  unaffected: [catalog]
`;

/** The tiny mesh's one edge: 100 ms latency passes, down fails (front answers 503). */
const TINY = `name: tiny-explore
mesh: mesh.yaml
load:
  warmup: 0s
  duration: 2s
  routes:
    - { name: api, request: GET /api, rate: 20/s, timeout: 2s }
slo:
  api: ["rate<0.5"]
explore:
  faults: [latency, down]
  latency: 100ms
  hold: 2s
  settle: 1s
  recovery_limit: 5s
`;

const ONLY = ['--only', 'edge=orders->payments', '--faults', 'latency'];

async function explore(env: Record<string, string>, extra: string[] = ONLY) {
  const dir = tempDir({ 'shop.yaml': SCENARIO });
  const out = join(dir, 'out');
  const res = await runCli(['explore', join(dir, 'shop.yaml'), '--out', out, ...extra], {
    env: { FAULTLINE_HOME: join(dir, 'home'), ...env },
    timeoutMs: 80_000,
  });
  expect(res.stderr).not.toMatch(/unexpected error/);
  const map = JSON.parse(readFileSync(join(out, 'explore.json'), 'utf8')) as ExploreResults;
  expect(processesOfRun(map.id)).toEqual([]);
  expect(readdirSync(join(dir, 'home', 'runs'))).toEqual([]);
  return { ...res, out, map };
}

/** The row's window was too disturbed to measure: its cells are inconclusive whatever the mesh did. */
const tooBusy = (row: ExploreRow): boolean => (row.instrument?.tooBusy.length ?? 0) > 0;

/**
 * A cell's status as the mesh earned it: a cell made inconclusive because the machine was too
 * busy keeps that in its evidence ("… (judged regardless: fail, …)").
 */
function judged(cell: ExploreCell): string {
  return /too busy to measure.*\(judged regardless: (\w+),/.exec(cell.evidence)?.[1] ?? cell.status;
}

const cellOf = (map: ExploreResults, route: string) =>
  map.rows.find((r) => r.id === 'latency orders->payments')!.cells.find((c) => c.route === route)!;

describe('faultline explore on the sample mesh', () => {
  it('with MESH_BREAKER=off: payments latency fails checkout, catalog stays green, and the replay fails again', async () => {
    const broken = { MESH_BREAKER: 'off' };
    const res = await explore(broken);
    expect(res.code, res.stderr).toBe(1);
    expect(res.map.outcome).toBe('failed');
    expect(res.map.schemaVersion).toBe(1);
    expect(res.map.seed).toBe(5);
    expect(cellOf(res.map, 'checkout').status, JSON.stringify(cellOf(res.map, 'checkout'))).toBe('fail');
    expect(cellOf(res.map, 'catalog').status, JSON.stringify(cellOf(res.map, 'catalog'))).toBe('pass');
    const row = res.map.rows[0]!;
    expect(row.effect.confirmed).toBe(true);
    expect(row.blastRadius).toEqual(['checkout']);
    expect(res.stdout).toMatch(/latency orders->payments\s+✓\s+✗/);
    expect(readFileSync(join(res.out, 'explore.html'), 'utf8')).toContain('<td class="fail">');

    expect(row.replay).toBe('replay-latency-orders-payments.yaml');
    const replayOut = join(res.out, 'replay-run');
    const replay = await runCli(['run', join(res.out, row.replay!), '--out', replayOut], {
      env: broken,
      timeoutMs: 60_000,
    });
    const failed = readResults(replayOut).verdicts.filter((v) => v.status === 'fail');
    expect(failed.map((v) => v.name).join('\n')).toMatch(/route:checkout,phase:fault/);
    // A run on a machine too crowded to measure ends inconclusive whatever its checks say
    // (docs/checks.md, instrument verdicts); otherwise the reproduced failure fails the run.
    const disturbed = failed.some((v) => v.kind === 'instrument');
    expect(replay.code, replay.stdout + replay.stderr).toBe(disturbed ? 4 : 1);
  }, 150_000);

  it('on the healthy mesh the same cells meet the steady state and it exits 0; an edge no route crosses is left out', async () => {
    const res = await explore({}, [...ONLY, '--only', 'edge=gateway->shipping']);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(['pass', 'degraded']).toContain(cellOf(res.map, 'checkout').status);
    expect(cellOf(res.map, 'catalog').status).toBe('pass');
    expect(readdirSync(res.out).filter((f) => f.startsWith('replay-'))).toEqual([]);
    // Only GET /api/shipping/seen crosses gateway->shipping, and the steady state's load never sends it.
    expect(res.map.rows.map((r) => r.id)).toEqual(['latency orders->payments']);
    expect(res.map.leftOut).toEqual([
      {
        id: 'latency gateway->shipping',
        reason:
          'no request of the load crossed gateway->shipping before the first fault (0 bytes on its proxy)',
      },
    ]);
  }, 90_000);

  it('an HTTP 503 from payments is answered by the fallback; from inventory, which has none, it fails checkout and the replay fails again', async () => {
    const res = await explore({}, [
      '--only',
      'edge=orders->payments',
      '--only',
      'edge=orders->inventory',
      '--faults',
      'http_error',
    ]);
    const row = (id: string) => res.map.rows.find((r) => r.id === id)!;
    const status = (id: string, route: string) => judged(row(id).cells.find((c) => c.route === route)!);
    const payments = row('http_error orders->payments');
    const inventory = row('http_error orders->inventory');
    for (const r of [payments, inventory]) {
      expect(r.effect.confirmed, r.effect.evidence.join('\n')).toBe(true);
      expect(r.effect.evidence.join('\n')).toMatch(/answered 503/);
      expect(r.instrument?.readings.sendLagP99Ms).toEqual(expect.any(Number));
      expect(r.instrument?.readings.runnerLoopDelayP99Ms).toEqual(expect.any(Number));
      expect(r.instrument?.readings.proxyLoopDelayP99Ms).toEqual(expect.any(Number));
    }
    expect(status('http_error orders->payments', 'checkout'), JSON.stringify(payments.cells)).toBe(
      'degraded',
    );
    expect(status('http_error orders->payments', 'catalog')).toBe('pass');
    expect(status('http_error orders->inventory', 'checkout'), JSON.stringify(inventory.cells)).toBe('fail');
    expect(status('http_error orders->inventory', 'catalog')).toBe('pass');
    expect(payments.replay).toBeUndefined();
    // A window the machine was too busy to measure makes its row inconclusive (docs/explore.md):
    // then there is no failure to replay, and the exploration ends 4.
    if (tooBusy(inventory)) {
      expect(inventory.status).toBe('inconclusive');
      expect(inventory.replay).toBeUndefined();
      expect(res.code, res.stdout + res.stderr).toBe(4);
      return;
    }
    expect(res.code, res.stdout + res.stderr).toBe(1);
    expect(inventory.blastRadius).toEqual(['checkout']);
    expect(res.stdout).toMatch(/http_error orders->inventory\s+✓\s+✗/);

    expect(inventory.replay).toBe('replay-http_error-orders-inventory.yaml');
    const replayOut = join(res.out, 'replay-run');
    const replay = await runCli(['run', join(res.out, inventory.replay!), '--out', replayOut], {
      timeoutMs: 60_000,
    });
    const results = readResults(replayOut);
    expect(results.faults[0]).toMatchObject({ type: 'http_error', target: 'orders->inventory' });
    const failed = results.verdicts.filter((v) => v.status === 'fail');
    expect(failed.map((v) => v.name).join('\n')).toMatch(/route:checkout,phase:fault/);
    const disturbed = failed.some((v) => v.kind === 'instrument');
    expect(replay.code, replay.stdout + replay.stderr).toBe(disturbed ? 4 : 1);
  }, 150_000);

  it('--dry-run lists the cells without starting anything, leaving out HTTP faults a Toxiproxy image cannot apply', async () => {
    const dir = tempDir({ 'shop.yaml': SCENARIO });
    const only = ['--only', 'edge=orders->payments', '--dry-run'];
    const local = await runCli(['explore', join(dir, 'shop.yaml'), ...only], { cwd: dir });
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toContain(
      '5 faults × 2 routes (catalog, checkout) = 10 cells on mesh "sample", platform local:',
    );
    expect(local.stdout).toContain('  http_error orders->payments\n');
    const docker = await runCli(['explore', join(dir, 'shop.yaml'), ...only, '--platform', 'docker'], {
      cwd: dir,
    });
    expect(docker.code, docker.stderr).toBe(0);
    expect(docker.stdout).toContain('4 faults × 2 routes (catalog, checkout) = 8 cells');
    expect(docker.stdout).toMatch(
      /left out \(1\):\n {2}http_error orders->payments: http_error needs HTTP toxics, which the Toxiproxy image \S+ lacks; pass --toxiproxy-image faultline/,
    );
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it('exits 2 naming the flag or the field when the input is bad, before starting anything', async () => {
    const dir = tempDir({
      'shop.yaml': SCENARIO,
      'bad.yaml': SCENARIO.replace('unaffected: [catalog]', 'unaffected: [catalgo]'),
    });
    const flag = await runCli(['explore', join(dir, 'shop.yaml'), '--only', 'edge=orders->paymnts']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/no edge "orders->paymnts"; did you mean "orders->payments"/);
    const meshFile = await runCli(['explore', join(repoRoot, 'sample-mesh/mesh.yaml')]);
    expect(meshFile.code).toBe(2);
    expect(meshFile.stderr).toMatch(/is a mesh file: explore needs load to drive and a steady state/);
    const field = await runCli(['explore', join(dir, 'bad.yaml')]);
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/bad\.yaml:\d+:\d+ explore\.unaffected\[0\]: no route "catalgo"/);
  });

  it('--depth 2 reports the pairs it pruned, and --budget lists the cells it left out', async () => {
    const dir = tinyMeshDir({
      'tiny.yaml': TINY,
    });
    const env = { FAULTLINE_HOME: join(dir, 'home') };
    const out = join(dir, 'out');
    const res = await runCli(['explore', join(dir, 'tiny.yaml'), '--out', out, '--depth', '2'], { env });
    expect(res.code, res.stdout + res.stderr).toBe(1);
    const map = JSON.parse(readFileSync(join(out, 'explore.json'), 'utf8')) as ExploreResults;
    expect(
      map.rows.map((r) => [r.id, r.status]),
      JSON.stringify(map.rows.map((r) => [r.id, r.effect.evidence, r.cells.map((c) => c.evidence)])),
    ).toEqual([
      ['latency front->back', 'pass'],
      ['down front->back', 'fail'],
    ]);
    expect(map.pairs).toEqual({
      tried: 0,
      skipped: [
        {
          id: 'latency front->back + down front->back',
          reason: '"down front->back" alone already fails api',
        },
      ],
    });
    expect(res.stdout).toContain('pairs: 0 tried, 1 skipped');

    const budget = await runCli(
      ['explore', join(dir, 'tiny.yaml'), '--out', join(dir, 'b'), '--budget', '1s'],
      { env },
    );
    expect(budget.code, budget.stdout + budget.stderr).toBe(4);
    expect(budget.stdout).toMatch(/left out \(2\):\n {2}latency front->back: budget: 1 s would be exceeded/);
  }, 60_000);

  it('--shard i/n explores a slice each, and faultline merge joins the slices into one map', async () => {
    const dir = tinyMeshDir({ 'tiny.yaml': TINY });
    const env = { FAULTLINE_HOME: join(dir, 'home') };
    const shards = [join(dir, 's1'), join(dir, 's2')];
    const codes = [];
    for (const [i, out] of shards.entries()) {
      const res = await runCli(['explore', join(dir, 'tiny.yaml'), '--out', out, '--shard', `${i + 1}/2`], {
        env,
      });
      codes.push(res.code);
      const map = JSON.parse(readFileSync(join(out, 'explore.json'), 'utf8')) as ExploreResults;
      expect(map.rows).toHaveLength(1);
      expect(map.leftOut).toEqual([expect.objectContaining({ reason: `in another shard than ${i + 1}/2` })]);
    }
    expect(codes.sort()).toEqual([0, 1]);
    const merged = join(dir, 'merged');
    const res = await runCli(['merge', ...shards, '--out', merged], { env });
    expect(res.code, res.stdout + res.stderr).toBe(1);
    const map = JSON.parse(readFileSync(join(merged, 'explore.json'), 'utf8')) as ExploreResults;
    expect(map.rows.map((r) => [r.id, r.status])).toEqual([
      ['latency front->back', 'pass'],
      ['down front->back', 'fail'],
    ]);
    expect(map.leftOut).toEqual([]);
    expect(existsSync(join(merged, 'replay-down-front-back.yaml'))).toBe(true);
    const missing = await runCli(['merge', shards[0]!, '--out', join(dir, 'm2')], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing: 2\/2/);

    // More shards than faults: the empty shard starts no mesh and passes, so a CI matrix stays green.
    const empty = await runCli(
      ['explore', join(dir, 'tiny.yaml'), '--out', join(dir, 's3'), '--shard', '3/3'],
      {
        env,
      },
    );
    expect(empty.code, empty.stdout + empty.stderr).toBe(0);
    expect(empty.stderr).toContain('no fault to try: the mesh is not started');
    const emptyMap = JSON.parse(readFileSync(join(dir, 's3', 'explore.json'), 'utf8')) as ExploreResults;
    expect(emptyMap.rows).toEqual([]);
    expect(emptyMap.leftOut.map((l) => l.reason)).toEqual([
      'in another shard than 3/3',
      'in another shard than 3/3',
    ]);
  }, 60_000);

  it('SIGINT mid-exploration rolls everything back, exits 130 and leaves a partial map', async () => {
    const run = startExplore(['--only', 'edge=orders->payments', '--faults', 'latency,down']);
    await run.applied;
    run.child.kill('SIGINT');
    const code = await run.exit;
    expect(code, run.stderr()).toBe(130);
    expect(existsSync(join(run.out, 'explore.html'))).toBe(true);
    const map = JSON.parse(readFileSync(join(run.out, 'explore.json'), 'utf8')) as ExploreResults;
    expect(map.outcome).toBe('interrupted');
    expect(map.leftOut.map((l) => l.reason).join('\n')).toMatch(/interrupted by SIGINT/);
    expect(map.rows.length + map.leftOut.length).toBe(2);
    expect(processesOfRun(map.id)).toEqual([]);
    expect(readdirSync(join(run.home, 'runs'))).toEqual([]);
  }, 70_000);

  it('faultline cleanup undoes what an exploration killed with SIGKILL left in place', async () => {
    const run = startExplore(['--only', 'service=inventory', '--faults', 'freeze']);
    await run.applied;
    run.child.kill('SIGKILL');
    await run.exit;
    const runId = (
      JSON.parse(readFileSync(join(run.out, 'ledger.jsonl'), 'utf8').split('\n')[0]!) as { runId: string }
    ).runId;
    expect(processesOfRun(runId).length).toBeGreaterThan(0);
    const cleanup = await runCli(['cleanup'], { env: { FAULTLINE_HOME: run.home }, timeoutMs: 30_000 });
    expect(cleanup.code, cleanup.stdout + cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toContain(`cleaned up unfinished run ${runId}`);
    for (let i = 0; i < 50 && processesOfRun(runId).length > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(processesOfRun(runId)).toEqual([]);
    expect(readdirSync(join(run.home, 'runs'))).toEqual([]);
  }, 70_000);
});

describe('faultline explore on a machine too busy to measure', () => {
  it('makes the cells of a fault whose window was disturbed inconclusive, with the readings in the map', async () => {
    const dir = tinyMeshDir({
      'tiny.yaml': TINY.replace('faults: [latency, down]', 'faults: [down]'),
      // Blocks faultline's own event loop for 250 ms every 500 ms; the services are left alone.
      'block.mjs': `setInterval(() => { const end = Date.now() + 250; while (Date.now() < end) {} }, 500).unref();\n`,
    });
    const out = join(dir, 'out');
    const code = await new Promise<number | null>((done) => {
      const child = spawn(
        process.execPath,
        ['--import', './block.mjs', cliPath, 'explore', 'tiny.yaml', '--out', out],
        {
          cwd: dir,
          stdio: 'ignore',
          env: { ...process.env, FAULTLINE_HOME: join(dir, 'home'), NO_COLOR: '1' },
        },
      );
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    const map = JSON.parse(readFileSync(join(out, 'explore.json'), 'utf8')) as ExploreResults;
    // Without the blocking, down front->back fails api (the --depth 2 test above): exit 1.
    expect(code, JSON.stringify(map.rows)).toBe(4);
    const [row] = map.rows;
    expect(row!.id).toBe('down front->back');
    expect(row!.status).toBe('inconclusive');
    expect(row!.instrument!.readings.runnerLoopDelayP99Ms).toBeGreaterThan(100);
    expect(row!.instrument!.tooBusy.join('\n')).toMatch(
      /the machine was too busy to measure latency within 100 ms: the runner's event loop was .* late/,
    );
    expect(row!.cells[0]!.evidence).toMatch(/too busy to measure .*judged regardless: fail/);
    expect(readdirSync(out).filter((f) => f.startsWith('replay-'))).toEqual([]);
  }, 70_000);
});

/**
 * `faultline explore` of the shop with a lenient steady state (what is tested is interrupting,
 * which must not wait on a busy machine's latencies), resolving `applied` once a fault is in place.
 */
function startExplore(flags: string[]) {
  const lenient = SCENARIO.replace('["p(99)<300", "rate<0.01"]', '["rate<0.5"]').replace(
    '["p(75)<150", "rate<0.01"]',
    '["rate<0.5"]',
  );
  const dir = tempDir({ 'shop.yaml': lenient });
  const out = join(dir, 'out');
  const home = join(dir, 'home');
  const child = spawn(
    process.execPath,
    [cliPath, 'explore', join(dir, 'shop.yaml'), '--out', out, ...flags],
    {
      cwd: repoRoot,
      env: { ...process.env, FAULTLINE_HOME: home, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stdout.resume();
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void exit.then(() => clearTimeout(timer));
  const applied = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/fault "[^"]+" applied/.test(stderr)) resolve();
    });
    void exit.then(() => reject(new Error(`ended before any fault was applied:\n${stderr}`)));
  });
  return { child, out, home, exit, applied, stderr: () => stderr };
}
