import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesOfRun, readResults, runCli, tempDir } from './cli-helper.js';
import { tinyMeshDir, tinyScenario } from './tiny-mesh.js';

const noStack = /unexpected error|internal error|\n\s+at .+:\d+:\d+\)?\n/;

function runIdOf(out: string): string {
  return (JSON.parse(readFileSync(join(out, 'ledger.jsonl'), 'utf8').split('\n')[0]!) as { runId: string })
    .runId;
}

describe('a run that outlives --timeout', () => {
  it('stops the load, rolls back, and exits 3 "timed out after …", leaving nothing behind', async () => {
    const dir = tinyMeshDir({
      's.yaml': tinyScenario({
        duration: '60s',
        extra:
          'faults:\n  - { name: slow-back, type: latency, edge: front->back, at: 0s, for: 50s, latency: 50ms }\n',
      }),
    });
    const out = join(dir, 'out');
    const home = join(dir, 'home');
    const started = Date.now();
    const res = await runCli(['run', join(dir, 's.yaml'), '--out', out, '--timeout', '3s'], {
      env: { FAULTLINE_HOME: home },
      timeoutMs: 40_000,
    });
    expect(res.code, res.stderr).toBe(3);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(res.stderr).toContain('timed out after 3s');
    expect(res.stderr).not.toMatch(noStack);
    const results = readResults(out);
    expect(results.outcome).toBe('error');
    expect(results.exitCode).toBe(3);
    expect(results.errors.join('\n')).toContain('timed out after 3s');
    expect(results.faults[0]?.appliedAtMs).not.toBeNull();
    expect(results.faults[0]?.revertedAtMs).not.toBeNull();
    expect(processesOfRun(results.run.id)).toEqual([]);
    expect(readdirSync(join(home, 'runs'))).toEqual([]);
  });

  it('refuses a --timeout that is not a duration with exit 2', async () => {
    const res = await runCli(['run', 'scenarios/default.yaml', '--timeout', 'soon']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--timeout');
  });
});

describe('a fault whose revert cannot succeed', () => {
  it('says what is still in place and exits 5, although every check passed', async () => {
    const dir = tinyMeshDir(
      {
        's.yaml': tinyScenario({
          extra: `faults:
  - { name: kill-back, type: crash, service: back, at: 500ms, for: 500ms }
checks:
  thresholds:
    "http_req_duration{route:api}": ["p(50)<60000"]
`,
        }),
      },
      { backStartsOnce: true },
    );
    const out = join(dir, 'out');
    const res = await runCli(['run', join(dir, 's.yaml'), '--out', out], {
      env: { FAULTLINE_HOME: join(dir, 'home') },
      timeoutMs: 60_000,
    });
    expect(res.code, res.stderr).toBe(5);
    const results = readResults(out);
    expect(results.exitCode).toBe(5);
    expect(results.outcome).toBe('error');
    expect(results.verdicts.filter((v) => v.kind === 'threshold').every((v) => v.status === 'pass')).toBe(
      true,
    );
    const rollback = results.errors.find((e) => e.startsWith('rollback failed'));
    expect(rollback).toContain('revert fault "kill-back" (service "back" killed)');
    expect(rollback).toContain('service "back" never became ready');
    expect(res.stdout + res.stderr).toContain('revert fault "kill-back" (service "back" killed)');
    // retried while the timeline ran, and once more by the rollback
    expect(res.stderr).toMatch(/revert attempt 1 failed/);
    expect(res.stderr).not.toMatch(noStack);
  });
});

/** Local addresses of listening TCP sockets owned by `pids`, e.g. `127.0.0.1:8474`. */
function listeningAddresses(pids: readonly number[]): string[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // closed meanwhile
      }
    }
  }
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (cols[3] !== '0A' || !inodes.has(cols[9] ?? '')) continue;
      found.push(decodeAddress(cols[1]!));
    }
  }
  return found;
}

/** /proc/net/tcp{,6} addresses: hex IP in host byte order per 32-bit word, then hex port. */
function decodeAddress(hex: string): string {
  const [ip, port] = hex.split(':') as [string, string];
  const words = ip.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(''));
  const p = parseInt(port, 16);
  if (words.length === 1)
    return `${words[0]!
      .match(/../g)!
      .map((b) => parseInt(b, 16))
      .join('.')}:${p}`;
  const v6 = words.join('');
  if (v6.startsWith('00000000000000000000FFFF')) {
    return `::ffff:${v6
      .slice(24)
      .match(/../g)!
      .map((b) => parseInt(b, 16))
      .join('.')}:${p}`;
  }
  return `[${v6.match(/.{4}/g)!.join(':')}]:${p}`;
}

const LOOPBACK =
  /^(127\.\d+\.\d+\.\d+|::ffff:127\.\d+\.\d+\.\d+|\[0000:0000:0000:0000:0000:0000:0000:0001\]):\d+$/;

describe('what a run listens on', () => {
  it('binds every listening socket of the CLI, its Toxiproxy and its services to loopback', async () => {
    const dir = tinyMeshDir({ 's.yaml': tinyScenario({ duration: '3s' }) });
    const out = join(dir, 'out');
    let cliPid = 0;
    let seen: string[] = [];
    const running = runCli(['run', join(dir, 's.yaml'), '--out', out], {
      env: { FAULTLINE_HOME: join(dir, 'home') },
      timeoutMs: 40_000,
      onSpawn: (pid) => (cliPid = pid),
    });
    // Sample while the load runs: by then the Toxiproxy, its proxy and both services listen.
    for (let i = 0; i < 200 && seen.length < 4; i++) {
      await new Promise((r) => setTimeout(r, 50));
      if (!existsSync(join(out, 'ledger.jsonl'))) continue;
      seen = listeningAddresses([cliPid, ...processesOfRun(runIdOf(out))]);
    }
    const res = await running;
    expect(res.code, res.stderr).toBe(0);
    // Toxiproxy API, the front->back proxy, front and back
    expect(seen.length).toBeGreaterThanOrEqual(4);
    for (const address of seen) expect(address).toMatch(LOOPBACK);
  });
});

describe('load and faults outside this machine', () => {
  const remoteMesh = `
name: remote
entry: web
external: { toxiproxy: "http://127.0.0.1:8474" }
services:
  web:
    command: [none]
    external: { url: "http://10.1.2.3:80" }
`;
  const scenario = `name: remote
mesh: mesh.yaml
load:
  duration: 2s
  routes:
    - { name: home, request: GET /, rate: 1/s }
`;

  it('are refused with exit 2 and a message naming --allow-remote, before anything is contacted', async () => {
    const dir = tempDir({ 'mesh.yaml': remoteMesh, 's.yaml': scenario });
    const started = Date.now();
    const res = await runCli(
      ['run', join(dir, 's.yaml'), '--platform', 'external', '--out', join(dir, 'out')],
      {
        env: { FAULTLINE_HOME: join(dir, 'home') },
      },
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('service "web" at http://10.1.2.3:80');
    expect(res.stderr).toContain('--allow-remote');
    expect(res.stderr).not.toMatch(noStack);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // no connection attempt was made: an unroutable address would take seconds to time out
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
