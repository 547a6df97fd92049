// Enforces which module of harness/src may import which (see DESIGN.md). Exit 1 on a violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const SRC = 'harness/src';
/** module → modules it may import (besides itself and `errors`, which everyone may use). */
const ALLOWED = {
  errors: [],
  clock: [],
  results: [],
  checks: ['results'],
  scenario: ['checks'],
  mesh: ['scenario'],
  toxiproxy: [],
  platform: ['mesh'],
  faults: ['platform', 'scenario'],
  load: ['scenario', 'results', 'clock'],
  observe: ['mesh', 'results'],
  report: ['results'],
  runner: [
    'clock',
    'results',
    'scenario',
    'mesh',
    'toxiproxy',
    'platform',
    'faults',
    'load',
    'observe',
    'checks',
    'report',
  ],
  cli: [
    'clock',
    'results',
    'scenario',
    'mesh',
    'toxiproxy',
    'platform',
    'faults',
    'load',
    'observe',
    'checks',
    'report',
    'runner',
  ],
};

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const problems = [];
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
    if (target !== 'errors' && !allowed.includes(target)) {
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
