// Runs the scenarios of scenarios/ against the healthy sample mesh and against each variant with
// one resilience policy switched off (MESH_<POLICY>=off), several times per cell, and records what
// every check measured in scenarios/switch-matrix.json. From that it rewrites the tables between
// the markers in scenarios/README.md: passes out of runs per cell, and for each cell caught by
// design the deciding check's healthy and broken ranges beside its limit, with every limit that
// does not separate them with margin flagged. Expensive (~22 s a run): run it by hand after
// changing the library, the mesh's policies or the load engine, never in CI; a test checks the
// committed tables.
//
//   npm run build && node harness/scripts/switch-matrix.mjs [--runs 3] [--noisy-runs 2]
//       [--designed] [--only healthy,MESH_BREAKER] [--scenarios partition,crash-restart] [--keep]
//
// --designed runs only the healthy row and the cells caught by design. With --only, --scenarios or
// --designed, only those cells are rerun; the others keep their recorded runs. --noisy-runs are
// made while a busy loop keeps one core of the machine loaded, as a shared CI runner would.
// --keep keeps every run's output folder (results.json, report.html) and prints where.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** The catches the library is designed for: switch → scenarios that must fail in every run. */
export const DESIGNED = {
  MESH_BREAKER: ['default', 'latency-jitter', 'partition'],
  MESH_TIMEOUT: ['partition', 'latency-jitter', 'slow-endpoint'],
  MESH_RETRY_BUDGET: ['retry-storm', 'retry-on-503'],
  MESH_BULKHEAD: ['frozen-service'],
  MESH_FALLBACK: [
    'dependency-down',
    'partition',
    'latency-jitter',
    'flapping-dependency',
    'cascading-failure',
    'fail-first-n',
  ],
  MESH_OUTBOX: ['async-no-loss', 'cascading-failure'],
};

const BEGIN = '<!-- switch-matrix:begin -->';
const END = '<!-- switch-matrix:end -->';
export const DATA_FILE = 'scenarios/switch-matrix.json';
/** A run longer than this is killed: the noisy neighbour's own bound is the whole script's. */
export const RUN_LIMIT_MS = 120_000;

/**
 * A cell: its mark, passes out of the runs that judged the system, then the runs that ended with
 * another exit code. ✓ every judged run passed (exit 0), ✗ every judged run failed a check
 * (exit 1), ◐ some passed and some failed; `⚠4×2` two runs ended 4 (inconclusive: the instrument
 * found the machine too busy to measure); ⚠ alone when no run judged the system.
 */
export function cellText(exits) {
  if (exits.length === 0) return ' ';
  const judged = exits.filter((c) => c === 0 || c === 1);
  const others = exits.filter((c) => c !== 0 && c !== 1);
  const passes = judged.filter((c) => c === 0).length;
  const mark = judged.length === 0 ? '⚠' : passes === judged.length ? '✓' : passes === 0 ? '✗' : '◐';
  const other = others.length > 0 ? ` ⚠${others[0] ?? 'killed'}×${others.length}` : '';
  return `${mark} ${passes}/${judged.length}${other}`;
}

/** A cell's mark alone: `✓`, `✗`, `◐` or `⚠N` (the committed table may hold marks only). */
export const markOf = (cell) => cell.split(' ')[0];

/** Parses the committed matrix table: config → scenario → cell text. */
export function readMatrix(readme) {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return { scenarios: [], rows: new Map() };
  const lines = readme
    .slice(start + BEGIN.length, end)
    .trim()
    .split('\n');
  const tableEnd = lines.findIndex((l, i) => i > 0 && !l.startsWith('|'));
  const table = (tableEnd < 0 ? lines : lines.slice(0, tableEnd)).filter((l) => l.startsWith('|'));
  const cells = (l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const [header, , ...body] = table;
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

export function renderMatrix(scenarios, data) {
  const head = `| configuration | ${scenarios.map((s) => `\`${s}\``).join(' | ')} |`;
  const rule = `|---|${scenarios.map(() => ':-:').join('|')}|`;
  const body = CONFIGS.map((c) => {
    const label = c === 'healthy' ? 'healthy' : `\`${c}=off\``;
    return `| ${label} | ${scenarios.map((s) => cellText(runsOf(data, c, s).map((r) => r.exit))).join(' | ')} |`;
  });
  return [head, rule, ...body].join('\n');
}

/** The recorded runs of one cell, normal and noisy. */
export function runsOf(data, config, scenario) {
  return data.cells[config]?.[scenario] ?? [];
}

/**
 * The runs whose values count for a limit: those that ended in a verdict on the system (exit 0
 * or 1). A run the instrument declared unmeasurable (exit 4) measured the machine, not the mesh.
 */
const measuredRunsOf = (data, config, scenario) =>
  runsOf(data, config, scenario).filter((r) => r.exit === 0 || r.exit === 1);

/**
 * For every cell caught by design: each check's calibration against the healthy row (see
 * checks/calibration.ts), and the deciding check — the one that fails every broken run and passes
 * every healthy run with the widest margin.
 */
export function designedCells(data, calibrate, groupRuns) {
  const cells = [];
  for (const [config, scenarios] of Object.entries(DESIGNED)) {
    for (const scenario of scenarios) {
      const verdicts = (runs) =>
        runs.map((r) => r.verdicts.map((v) => ({ ...data.checks[scenario][v[0]], ...toVerdict(v) })));
      const calibrations = groupRuns(
        verdicts(measuredRunsOf(data, 'healthy', scenario)),
        verdicts(measuredRunsOf(data, config, scenario)),
      ).map(calibrate);
      const catching = calibrations.filter((c) => c.catches);
      const deciding = catching.sort((a, b) => separation(b) - separation(a))[0];
      cells.push({ config, scenario, calibrations, deciding });
    }
  }
  return cells;
}

/** How far apart the two ranges are, as a ratio (∞ when the broken side has no value). */
function separation(c) {
  const [h, b] = [c.healthy.max, c.broken?.min];
  if (h === null || b === null || b === undefined) return Infinity;
  return Math.abs(Math.log(Math.max(b, 1e-9) / Math.max(h, 1e-9)));
}

const toVerdict = ([id, status, measured]) => ({ id, status, measured });

export function renderDesigned(cells, rangeText, formatValue) {
  const lines = [
    '| switch | scenario | deciding check | limit | healthy | broken |',
    '|---|---|---|---|---|---|',
  ];
  for (const { config, scenario, deciding } of cells) {
    const fmt = (v) => formatValue(v, deciding?.unit ?? '');
    lines.push(
      deciding
        ? `| \`${config}\` | \`${scenario}\` | ${deciding.name.replace(/\|/g, '\\|')} | ${deciding.limit} | ${rangeText(deciding.healthy, fmt)} | ${rangeText(deciding.broken, fmt)} |`
        : `| \`${config}\` | \`${scenario}\` | no check fails every broken run | | | |`,
    );
  }
  return lines.join('\n');
}

/** Every flagged limit: of the healthy row on its own, and of each designed cell's broken runs. */
export function flaggedLimits(data, cells, calibrate, groupRuns) {
  const flagged = new Set();
  for (const scenario of Object.keys(data.checks)) {
    const runs = measuredRunsOf(data, 'healthy', scenario).map((r) =>
      r.verdicts.map((v) => ({ ...data.checks[scenario][v[0]], ...toVerdict(v) })),
    );
    for (const c of groupRuns(runs, []).map(calibrate))
      for (const f of c.flags) flagged.add(`\`${scenario}\` ${c.name}: ${f}`);
  }
  for (const { config, scenario, calibrations } of cells) {
    for (const c of calibrations) {
      for (const f of c.flags)
        if (!f.includes('healthy')) flagged.add(`\`${scenario}\` × \`${config}=off\` ${c.name}: ${f}`);
    }
  }
  return [...flagged];
}

function record(results) {
  return {
    checks: Object.fromEntries(
      results.verdicts.map((v) => [
        v.id,
        { id: v.id, name: v.name, kind: v.kind, unit: v.unit, limit: v.limit },
      ]),
    ),
    verdicts: results.verdicts.map((v) => [
      v.id,
      v.status,
      v.measured === null ? null : Number(v.measured.toPrecision(6)),
    ]),
  };
}

/** A busy loop on one core, bounded in time, for the noisy runs. */
export function noisyNeighbour() {
  return spawn(
    process.execPath,
    ['-e', `const end = Date.now() + ${RUN_LIMIT_MS}; while (Date.now() < end) {}`],
    {
      stdio: 'ignore',
    },
  );
}

function runCell(config, scenario, out, noisy) {
  const env = { ...process.env, NO_COLOR: '1', ...(config === 'healthy' ? {} : { [config]: 'off' }) };
  const neighbour = noisy ? noisyNeighbour() : undefined;
  try {
    const res = spawnSync(
      process.execPath,
      ['dist/harness/src/cli/main.js', 'run', `scenarios/${scenario}.yaml`, '--out', out, '--quiet'],
      { env, encoding: 'utf8', timeout: RUN_LIMIT_MS },
    );
    const file = join(out, 'results.json');
    const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { verdicts: [] };
    return { exit: res.status, noisy, ...record(results), stdout: res.stdout };
  } finally {
    neighbour?.kill('SIGKILL');
  }
}

/** The text between the markers of scenarios/README.md, rendered from the recorded runs. */
export function renderTables(scenarios, data, checks) {
  const designed = designedCells(data, checks.calibrate, checks.groupRuns);
  const flagged = flaggedLimits(data, designed, checks.calibrate, checks.groupRuns);
  return [
    renderMatrix(scenarios, data),
    '',
    'The catches by design, each with its deciding check (fails every broken run, passes every healthy run):',
    '',
    renderDesigned(designed, checks.rangeText, checks.formatValue),
    '',
    flagged.length === 0
      ? 'No limit is flagged: each separates the healthy and broken ranges with margin.'
      : `Flagged limits (${flagged.length}):\n\n${flagged.map((f) => `- ${f}`).join('\n')}`,
  ].join('\n');
}

/** The README's text between the markers. */
export function tablesIn(readme) {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  return start >= 0 && end > start ? readme.slice(start + BEGIN.length, end).trim() : '';
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      'noisy-runs': { type: 'string', default: '2' },
      designed: { type: 'boolean' },
      only: { type: 'string' },
      scenarios: { type: 'string' },
      keep: { type: 'boolean' },
    },
  });
  const checks = await import('../../dist/harness/src/checks/index.js');
  const all = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
  const data = existsSync(DATA_FILE)
    ? JSON.parse(readFileSync(DATA_FILE, 'utf8'))
    : { cells: {}, checks: {} };
  const cellsToRun = [];
  for (const config of values.only ? values.only.split(',') : CONFIGS) {
    if (!CONFIGS.includes(config))
      throw new Error(`unknown configuration "${config}"; one of ${CONFIGS.join(', ')}`);
    for (const s of values.scenarios ? values.scenarios.split(',') : all) {
      if (values.designed && config !== 'healthy' && !DESIGNED[config].includes(s)) continue;
      cellsToRun.push([config, s]);
    }
  }
  const out = mkdtempSync(join(tmpdir(), 'switch-matrix-'));
  for (const [config, s] of cellsToRun) {
    const runs = [];
    const plan = [
      ...Array(Number(values.runs)).fill(false),
      ...Array(Number(values['noisy-runs'])).fill(true),
    ];
    for (const [i, noisy] of plan.entries()) {
      const started = Date.now();
      const run = runCell(config, s, join(out, `${config}-${s}-${i}`), noisy);
      const why = run.exit === 0 ? '' : (run.stdout.match(/^\s*✗.*$/gm) ?? []).join('; ');
      console.log(
        `${config.padEnd(18)} ${s.padEnd(22)} ${noisy ? 'noisy' : 'quiet'} ${cellText([run.exit])} ${((Date.now() - started) / 1000).toFixed(1)}s ${why}`,
      );
      data.checks[s] = { ...data.checks[s], ...run.checks };
      runs.push({ exit: run.exit, noisy, verdicts: run.verdicts });
    }
    (data.cells[config] ??= {})[s] = runs;
  }
  if (values.keep) console.log(`outputs kept in ${out}`);
  else rmSync(out, { recursive: true, force: true });
  writeFileSync(DATA_FILE, `${JSON.stringify(data)}\n`);

  const text = renderTables(all, data, checks);
  const readmePath = 'scenarios/README.md';
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  const next =
    start >= 0 && end > start
      ? readme.slice(0, start + BEGIN.length) + '\n' + text + '\n' + readme.slice(end)
      : `${readme}\n${BEGIN}\n${text}\n${END}\n`;
  writeFileSync(readmePath, next);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
