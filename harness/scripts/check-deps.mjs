// Enforces which module of harness/src may import which, and that docs/architecture.md's module
// table says the same. Exit 1 on a violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const SRC = 'harness/src';
/** Base modules everyone may import: error types, and the registry of started child processes. */
const BASE = ['errors', 'children'];
/** What the modules that run things (runner, explore, cli) may all import. */
const ENGINE = [
  'clock',
  'results',
  'scenario',
  'mesh',
  'toxiproxy',
  'platform',
  'probes',
  'faults',
  'load',
  'observe',
  'checks',
  'report',
];
/** module → modules it may import (besides itself and the BASE modules). */
const ALLOWED = {
  errors: [],
  children: [],
  schema: [],
  clock: [],
  probes: ['schema', 'clock'],
  faults: ['schema', 'probes'],
  results: ['faults'],
  checks: ['results', 'faults', 'schema', 'probes'],
  scenario: ['checks', 'schema', 'faults', 'probes'],
  mesh: ['scenario'],
  toxiproxy: [],
  platform: ['mesh'],
  load: ['scenario', 'results', 'clock'],
  observe: ['mesh', 'results'],
  report: ['results'],
  runner: ENGINE,
  explore: [...ENGINE, 'runner'],
  cli: [...ENGINE, 'runner', 'explore'],
};
const ARCHITECTURE = 'docs/architecture.md';

/** The table must stay a layering: a cycle would let two modules each depend on the other. */
function cycleIn(table) {
  const state = new Map();
  const visit = (mod, path) => {
    if (state.get(mod) === 'done') return undefined;
    if (state.get(mod) === 'visiting') return [...path.slice(path.indexOf(mod)), mod];
    state.set(mod, 'visiting');
    for (const dep of table[mod] ?? []) {
      const cycle = visit(dep, [...path, mod]);
      if (cycle) return cycle;
    }
    state.set(mod, 'done');
    return undefined;
  };
  for (const mod of Object.keys(table)) {
    const cycle = visit(mod, []);
    if (cycle) return cycle;
  }
  return undefined;
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

/** The module table of docs/architecture.md: module → the modules its row says it may import. */
function documentedTable(text) {
  const section = text.split(/^## /m).find((s) => s.startsWith('Modules')) ?? '';
  const table = new Map();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`([a-z-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name)
      table.set(
        name,
        [...(cells[3] ?? '').matchAll(/`([a-z-]+)`/g)].map((m) => m[1]),
      );
  }
  return table;
}

/** Where docs/architecture.md and this table disagree. */
function documentationProblems() {
  const documented = documentedTable(readFileSync(ARCHITECTURE, 'utf8'));
  const out = [];
  const same = (a, b) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
  for (const [mod, allowed] of Object.entries(ALLOWED)) {
    if (!documented.has(mod)) out.push(`${ARCHITECTURE}: module "${mod}" has no row in the module table`);
    else if (!same(documented.get(mod), allowed))
      out.push(
        `${ARCHITECTURE}: module "${mod}" may import ${allowed.join(', ') || 'nothing'} (its row says ${documented.get(mod).join(', ') || 'nothing'})`,
      );
  }
  for (const mod of documented.keys())
    if (!(mod in ALLOWED))
      out.push(`${ARCHITECTURE}: module "${mod}" is not in harness/scripts/check-deps.mjs`);
  return out;
}

const problems = documentationProblems();
const cycle = cycleIn(ALLOWED);
if (cycle)
  problems.push(`harness/scripts/check-deps.mjs: the module table has a cycle: ${cycle.join(' → ')}`);
for (const file of files(SRC)) {
  const mod = relative(SRC, file).split(sep)[0];
  const allowed = ALLOWED[mod];
  if (!allowed) {
    problems.push(`${file}: module "${mod}" is not listed in harness/scripts/check-deps.mjs`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/from '\.\.\/([^/']+)\/([^']+)'/g)) {
    const [, target, rest] = m;
    if (!BASE.includes(target) && !allowed.includes(target)) {
      problems.push(
        `${file}: "${mod}" may not import "${target}" (allowed: ${allowed.join(', ') || 'nothing'})`,
      );
    } else if (rest !== 'index.js') {
      problems.push(`${file}: import "../${target}/${rest}" reaches inside "${target}"; import its index.js`);
    }
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('module dependencies ok');
