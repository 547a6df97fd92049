import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './cli-helper.js';

interface RecordedRun {
  exit: number | null;
  noisy: boolean;
}

interface MatrixData {
  cells: Record<string, Record<string, RecordedRun[]>>;
  checks: Record<string, unknown>;
}

interface Matrix {
  scenarios: string[];
  rows: Map<string, Map<string, string>>;
}

// The script that writes the table also parses it; the test reads it the same way.
const script = (await import(join(repoRoot, 'harness/scripts/switch-matrix.mjs'))) as {
  SWITCHES: string[];
  CONFIGS: string[];
  DESIGNED: Record<string, string[]>;
  DATA_FILE: string;
  readMatrix(readme: string): Matrix;
  markOf(cell: string): string;
  runsOf(data: MatrixData, config: string, scenario: string): RecordedRun[];
  renderTables(scenarios: string[], data: MatrixData, checks: unknown): string;
  tablesIn(readme: string): string;
};
const checks = await import('../src/checks/index.js');

/** Quiet runs and noisy-neighbour runs per measured cell, as the gate asks. */
const QUIET_RUNS = 3;
const NOISY_RUNS = 2;

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
      expect(script.markOf(row?.get(s) ?? ''), `${name} × ${s}`).toMatch(/^(✓|✗|◐|⚠)?$/);
    expect([...(row?.values() ?? [])].filter((c) => script.markOf(c) === '✗').length).toBeGreaterThan(0);
  });
});

describe('the recorded runs behind the tables (scenarios/switch-matrix.json)', () => {
  const readme = readFileSync(join(repoRoot, 'scenarios/README.md'), 'utf8');
  const data = JSON.parse(readFileSync(join(repoRoot, script.DATA_FILE), 'utf8')) as MatrixData;
  const library = readdirSync(join(repoRoot, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
  const designed = Object.entries(script.DESIGNED).flatMap(([config, scenarios]) =>
    scenarios.map((s) => [config, s] as const),
  );

  /**
   * A cell's runs agree with what it should be: every quiet run ends `expected`; a noisy run ends
   * `expected` too, or inconclusive (4) when the instrument judged the machine too busy — never
   * the opposite verdict.
   */
  function expectCell(config: string, scenario: string, expected: 0 | 1): void {
    const runs = script.runsOf(data, config, scenario);
    const quiet = runs.filter((r) => !r.noisy).map((r) => r.exit);
    const noisy = runs.filter((r) => r.noisy).map((r) => r.exit);
    const cell = `${config} × ${scenario}`;
    expect(quiet.length, `${cell}: quiet runs`).toBeGreaterThanOrEqual(QUIET_RUNS);
    expect(noisy.length, `${cell}: noisy runs`).toBeGreaterThanOrEqual(NOISY_RUNS);
    expect(quiet, `${cell}: quiet exits`).toEqual(quiet.map(() => expected));
    for (const exit of noisy) expect([expected, 4], `${cell}: noisy exit ${exit}`).toContain(exit);
  }

  it.each(library)('has the healthy mesh pass %s in every measurable run', (scenario) => {
    expectCell('healthy', scenario, 0);
  });

  it.each(designed)('has %s=off fail %s in every measurable run', (config, scenario) => {
    expectCell(config, scenario, 1);
  });

  it('flags no limit, and the README shows exactly what the runs measured', () => {
    const rendered = script.renderTables(library, data, checks);
    expect(rendered).toContain('No limit is flagged');
    expect(script.tablesIn(readme)).toBe(rendered);
  });
});
