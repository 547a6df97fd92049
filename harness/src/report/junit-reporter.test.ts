import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit-reporter.js';
import { runResultsFixture } from './run-results-fixture.js';

interface Case {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_message': string; '#text': string };
  skipped?: { '@_message': string };
  error?: { '@_message': string; '#text': string };
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase: Case[];
}

function parse(xml: string): { testsuites: { '@_tests': string; '@_failures': string; testsuite: Suite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  return parser.parse(xml) as ReturnType<typeof parse>;
}

describe('renderJunit', () => {
  it('has one testsuite per run and one testcase per verdict, classname = kind', () => {
    const a = runResultsFixture();
    const b = runResultsFixture({ name: 'second run' });
    const doc = parse(renderJunit([a, b]));
    expect(doc.testsuites['@_tests']).toBe('8');
    expect(doc.testsuites['@_failures']).toBe('2');
    expect(doc.testsuites.testsuite.map((s) => s['@_name'])).toEqual(['payments-latency', 'second run']);
    const suite = doc.testsuites.testsuite[0];
    expect(suite?.testcase.map((c) => c['@_classname'])).toEqual([
      'threshold',
      'threshold',
      'breaker',
      'recovery',
    ]);
    expect(suite && [suite['@_tests'], suite['@_failures'], suite['@_errors'], suite['@_skipped']]).toEqual([
      '4',
      '1',
      '0',
      '1',
    ]);
  });

  it('reports a failed check as a failure with its evidence and an unevaluated one as skipped', () => {
    const cases = parse(renderJunit([runResultsFixture()])).testsuites.testsuite[0]?.testcase ?? [];
    const failed = cases[1];
    expect(failed?.failure?.['@_message']).toContain('measured 2093.1 ms, limit < 300, phase fault');
    expect(failed?.failure?.['#text']).toContain('waited on payments');
    expect(cases[0]?.failure).toBeUndefined();
    expect(cases[3]?.skipped?.['@_message']).toMatch(/^could not be evaluated: /);
  });

  it('adds a harness testcase with an error for harness failures', () => {
    const results = {
      ...runResultsFixture(),
      outcome: 'error' as const,
      errors: ['service "orders" never became ready', 'rollback ok'],
    };
    const suite = parse(renderJunit([results])).testsuites.testsuite[0];
    const harness = suite?.testcase.find((c) => c['@_classname'] === 'harness');
    expect(harness?.error?.['@_message']).toBe('service "orders" never became ready');
    expect(harness?.error?.['#text']).toContain('rollback ok');
    expect(suite?.['@_errors']).toBe('1');
  });

  it('reports an interrupted run as a harness error even without recorded errors', () => {
    const results = { ...runResultsFixture(), outcome: 'interrupted' as const, exitCode: 130 };
    const harness = parse(renderJunit([results])).testsuites.testsuite[0]?.testcase.at(-1);
    expect(harness?.['@_classname']).toBe('harness');
    expect(harness?.error?.['@_message']).toBe('the run was interrupted');
  });

  it('stays valid XML whatever the scenario and the services wrote', () => {
    const results = runResultsFixture({ name: 'a <b> & "c" \u0000\u001b[31m ]]> \ud800' });
    const v = results.verdicts[1];
    if (v) v.evidence = '<![CDATA[ x ]]> </testcase> \u0007 😀';
    const doc = parse(renderJunit([results]));
    expect(doc.testsuites.testsuite[0]?.['@_name']).toBe('a <b> & "c" [31m ]]>');
    const xml = renderJunit([results]);
    expect(xml).toContain('😀');
    const controls = [...xml].filter((c) => c.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(c));
    expect(controls).toEqual([]);
  });

  it('writes an empty testsuites element for no runs', () => {
    expect(parse(renderJunit([])).testsuites['@_tests']).toBe('0');
  });
});
