// Runs every scenario of scenarios/ against the healthy sample mesh and against each variant with
// one resilience policy switched off (MESH_<POLICY>=off), and rewrites the table between the
// markers in scenarios/README.md. Expensive (switches × scenarios runs, ~20 s each): run it by
// hand after changing the library or the mesh, never in CI; a test checks the committed table.
//
//   npm run build && node harness/scripts/switch-matrix.mjs [--only healthy,MESH_BREAKER] [--scenarios partition,crash-restart] [--keep]
//
// With --only or --scenarios, only those cells are rerun; the others keep their committed value.
// --keep keeps every run's output folder (results.json, report.html) and prints where.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';

export const SWITCHES = [
  'MESH_BREAKER',
  'MESH_TIMEOUT',
  'MESH_RETRY_BUDGET',
  'MESH_BULKHEAD',
  'MESH_FALLBACK',
  'MESH_OUTBOX',
];
export const CONFIGS = ['healthy', ...SWITCHES];
const BEGIN = '<!-- switch-matrix:begin -->';
const END = '<!-- switch-matrix:end -->';
/** A cell: ✓ the scenario passed (exit 0), ✗ a check failed (exit 1), ⚠N any other exit code N. */
const cell = (code) => (code === 0 ? '✓' : code === 1 ? '✗' : `⚠${code ?? 'killed'}`);

/** Parses the committed table: config → scenario → cell. */
export function readMatrix(readme) {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return { scenarios: [], rows: new Map() };
  const lines = readme
    .slice(start + BEGIN.length, end)
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('|'));
  const cells = (l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const [header, , ...body] = lines;
  const scenarios = header
    ? cells(header)
        .slice(1)
        .map((s) => s.replace(/`/g, ''))
    : [];
  const rows = new Map();
  for (const line of body) {
    const [config, ...values] = cells(line);
    const name = config.replace(/`/g, '').replace(/=off$/, '');
    rows.set(name, new Map(scenarios.map((s, i) => [s, values[i] ?? ''])));
  }
  return { scenarios, rows };
}

export function renderMatrix(scenarios, rows) {
  const head = `| configuration | ${scenarios.map((s) => `\`${s}\``).join(' | ')} |`;
  const rule = `|---|${scenarios.map(() => ':-:').join('|')}|`;
  const body = CONFIGS.map((c) => {
    const label = c === 'healthy' ? 'healthy' : `\`${c}=off\``;
    return `| ${label} | ${scenarios.map((s) => rows.get(c)?.get(s) ?? ' ').join(' | ')} |`;
  });
  return [head, rule, ...body].join('\n');
}

function main() {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, scenarios: { type: 'string' }, keep: { type: 'boolean' } },
  });
  const readmePath = 'scenarios/README.md';
  const readme = readFileSync(readmePath, 'utf8');
  const all = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
  const configs = values.only ? values.only.split(',') : CONFIGS;
  const chosen = values.scenarios ? values.scenarios.split(',') : all;
  const { rows } = readMatrix(readme);
  const out = mkdtempSync(join(tmpdir(), 'switch-matrix-'));
  for (const config of configs) {
    if (!CONFIGS.includes(config))
      throw new Error(`unknown configuration "${config}"; one of ${CONFIGS.join(', ')}`);
    const row = rows.get(config) ?? new Map();
    rows.set(config, row);
    for (const s of chosen) {
      const env = { ...process.env, NO_COLOR: '1', ...(config === 'healthy' ? {} : { [config]: 'off' }) };
      const started = Date.now();
      const res = spawnSync(
        process.execPath,
        ['dist/harness/src/cli/main.js', 'run', `scenarios/${s}.yaml`, '--out', join(out, `${config}-${s}`)],
        {
          env,
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      row.set(s, cell(res.status));
      const why =
        res.status === 0
          ? ''
          : (res.stdout.match(/^\s*✗.*$/gm) ?? []).join('; ') || res.stderr.trim().split('\n').at(-1);
      console.log(
        `${config.padEnd(18)} ${s.padEnd(22)} ${cell(res.status)} ${((Date.now() - started) / 1000).toFixed(1)}s ${why}`,
      );
    }
  }
  if (values.keep) console.log(`outputs kept in ${out}`);
  else rmSync(out, { recursive: true, force: true });
  const table = renderMatrix(all, rows);
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  const next =
    start >= 0 && end > start
      ? readme.slice(0, start + BEGIN.length) + '\n' + table + '\n' + readme.slice(end)
      : `${readme}\n${BEGIN}\n${table}\n${END}\n`;
  writeFileSync(readmePath, next);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
