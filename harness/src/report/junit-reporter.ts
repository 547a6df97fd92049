import type { RunResults, Verdict } from '../results/index.js';
import { escapeXml as x } from './escaping.js';
import { formatMeasured, runTitle } from './format.js';

/**
 * JUnit XML for CI: one `<testsuite name=scenario>` per run, one `<testcase>` per verdict
 * (classname = the verdict's kind). A failed check is a `<failure>`, a check that could not be
 * evaluated is `<skipped>`, and harness problems (`results.errors`, an interrupted run) are one
 * `<testcase>` with an `<error>`.
 */
export function renderJunit(results: readonly RunResults[]): string {
  const suites = results.map(testsuite);
  const sum = (pick: (s: SuiteCounts) => number): number => suites.reduce((a, s) => a + pick(s.counts), 0);
  const attrs = `name="faultline" tests="${sum((c) => c.tests)}" failures="${sum((c) => c.failures)}" errors="${sum((c) => c.errors)}" skipped="${sum((c) => c.skipped)}" time="${seconds(results.reduce((a, r) => a + r.run.durationMs, 0))}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ${attrs}>\n${suites.map((s) => s.xml).join('')}</testsuites>\n`;
}

interface SuiteCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function testsuite(r: RunResults): { xml: string; counts: SuiteCounts } {
  const cases = r.verdicts.map(testcase);
  const harnessProblems = [...r.errors];
  if (r.outcome === 'interrupted' && harnessProblems.length === 0)
    harnessProblems.push('the run was interrupted');
  if (harnessProblems.length > 0) {
    const [first = ''] = harnessProblems;
    cases.push(
      `    <testcase name="harness" classname="harness" time="0">\n      <error message="${x(first)}" type="harness">${x(harnessProblems.join('\n'))}</error>\n    </testcase>\n`,
    );
  }
  const counts: SuiteCounts = {
    tests: cases.length,
    failures: r.verdicts.filter((v) => v.status === 'fail').length,
    errors: harnessProblems.length > 0 ? 1 : 0,
    skipped: r.verdicts.filter((v) => v.status === 'error').length,
  };
  const properties: [string, string][] = [
    ['run.id', r.run.id],
    ['outcome', r.outcome],
    ['exitCode', String(r.exitCode)],
    ['seed', String(r.scenario.seed)],
    ['scenario.file', r.scenario.file],
    ['platform', r.run.platform],
    ['faultline.version', r.run.faultlineVersion],
  ];
  const props = properties.map(([k, v]) => `      <property name="${x(k)}" value="${x(v)}"/>\n`).join('');
  const attrs = `name="${x(runTitle(r))}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${seconds(r.run.durationMs)}" timestamp="${x(r.run.startedAt)}" hostname="localhost"`;
  const xml = `  <testsuite ${attrs}>\n    <properties>\n${props}    </properties>\n${cases.join('')}  </testsuite>\n`;
  return { xml, counts };
}

function testcase(v: Verdict): string {
  const open = `    <testcase name="${x(v.name)}" classname="${x(v.kind)}" time="0">`;
  const summary = `measured ${formatMeasured(v)}, limit ${v.limit}${v.phase ? `, phase ${v.phase}` : ''}`;
  if (v.status === 'pass')
    return `${open}\n      <system-out>${x(`${summary}\n${v.evidence}`)}</system-out>\n    </testcase>\n`;
  if (v.status === 'fail') {
    return `${open}\n      <failure message="${x(`${v.name}: ${summary}`)}" type="${x(v.kind)}">${x(v.evidence)}</failure>\n    </testcase>\n`;
  }
  return `${open}\n      <skipped message="${x(`could not be evaluated: ${v.evidence}`)}"/>\n    </testcase>\n`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
