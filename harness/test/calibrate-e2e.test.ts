import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helper.js';
import { pathIn, tinyMeshDir } from './tiny-mesh.js';

describe('faultline calibrate', () => {
  it('flags a limit too close to the broken system, proposes one between, and writes it into a copy', async () => {
    // Broken: back answers 600 ms late, so a limit of 500 ms fails it in every run but sits
    // within the 2x margin of its range. Healthy: a few ms on a quiet machine, more on a busy one.
    const dir = tinyMeshDir({
      'scenario.yaml': `name: tiny
mesh: mesh.yaml
load:
  warmup: 1s
  duration: 2s
  routes:
    - { name: api, request: GET /api, rate: 20/s, timeout: 2s }
checks:
  thresholds:
    "http_req_duration{route:api}": ["p(95)<500"]
`,
    });
    const res = await runCli(
      [
        'calibrate',
        'scenario.yaml',
        '--runs',
        '2',
        '--broken',
        'BACK_DELAY_MS=600',
        '--out',
        pathIn(dir, 'runs'),
        '--write',
        'proposed.yaml',
      ],
      { cwd: dir, timeoutMs: 120_000 },
    );
    const output = res.stderr + res.stdout;
    expect(res.code, output).toBe(1);
    expect(res.stderr, output).toMatch(/healthy 2\/2: exit 0/);
    expect(res.stderr, output).toMatch(/broken 2\/2: exit 1/);
    expect(res.stdout, output).toMatch(/✗ http_req_duration\{route:api\} p\(95\)<500/);
    expect(res.stdout, output).toMatch(/the limit < 500 is within the margin of the broken range \(6\d\d/);
    expect(res.stdout, output).toMatch(/broken \S+ ms \(0\/2 pass\)/);

    const written = readFileSync(pathIn(dir, 'proposed.yaml'), 'utf8');
    const proposed = /proposed < (\d+(?:\.\d+)?)/.exec(res.stdout)?.[1];
    if (proposed === undefined) {
      // A machine so busy that the healthy system is within 4x of the broken one: no limit has
      // the margin on both sides, and the copy keeps the limit.
      expect(res.stdout, output).toMatch(/no proposal: no limit keeps a 2× margin on both sides/);
      expect(written).toContain('p(95)<500');
    } else {
      // At most half the broken system's best run (600 ms and more).
      expect(Number(proposed)).toBeLessThanOrEqual(300);
      expect(written).toContain(`p(95)<${proposed}`);
      expect(res.stdout).toMatch(/wrote proposed\.yaml: 1 limit changed/);
    }
    expect(written).toContain('name: tiny');
  });

  it('exits 2 on an invalid scenario and on a malformed --broken, running nothing', async () => {
    const dir = tinyMeshDir({ 'bad.yaml': 'name: bad\n' });
    const bad = await runCli(['calibrate', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml/);
    const env = await runCli(['calibrate', 'bad.yaml', '--broken', 'NOEQUALS'], { cwd: dir });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/expected KEY=VALUE/);
  });
});
