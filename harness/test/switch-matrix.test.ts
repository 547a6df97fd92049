import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './cli-helper.js';

interface Matrix {
  scenarios: string[];
  rows: Map<string, Map<string, string>>;
}

// The script that writes the table also parses it; the test reads it the same way.
const script = (await import(join(repoRoot, 'harness/scripts/switch-matrix.mjs'))) as {
  SWITCHES: string[];
  CONFIGS: string[];
  readMatrix(readme: string): Matrix;
  markOf(cell: string): string;
};

describe('the switch matrix committed in scenarios/README.md', () => {
  const { scenarios, rows } = script.readMatrix(readFileSync(join(repoRoot, 'scenarios/README.md'), 'utf8'));
  const library = readdirSync(join(repoRoot, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();

  it('has a column for every scenario of the library and no other', () => {
    expect(scenarios).toEqual(library);
    for (const s of scenarios) expect(existsSync(join(repoRoot, 'scenarios', `${s}.yaml`))).toBe(true);
  });

  it('has the healthy mesh pass every scenario', () => {
    const healthy = rows.get('healthy');
    expect(healthy).toBeDefined();
    for (const s of scenarios) expect(script.markOf(healthy?.get(s) ?? ''), s).toBe('✓');
  });

  it.each(script.SWITCHES)('has %s=off caught by at least one scenario', (name) => {
    const row = rows.get(name);
    expect(row, `no row for ${name}`).toBeDefined();
    expect(scenarios.length).toBeGreaterThan(0);
    for (const s of scenarios)
      expect(script.markOf(row?.get(s) ?? ''), `${name} × ${s}`).toMatch(/^(✓|✗|◐|⚠\w+)$/);
    expect([...(row?.values() ?? [])].filter((c) => script.markOf(c) === '✗').length).toBeGreaterThan(0);
  });
});
