import { describe, expect, it } from 'vitest';
import { runResultsFixture } from './run-results-fixture.js';
import { colorWanted, renderTerminalSummary } from './terminal-reporter.js';

describe('renderTerminalSummary', () => {
  it('prints the verdict, each check with measured vs limit, and the faults', () => {
    expect(renderTerminalSummary(runResultsFixture())).toBe(
      [
        'FAILED payments-latency (exit code 1, seed 42)',
        '  ✓ http_req_duration{route:catalog}: p(99)<150  31.40 ms (limit < 150)',
        '  ✗ http_req_duration{route:checkout,phase:fault}: p(99)<300 [fault]  2093.1 ms (limit < 300) — p(99) of seconds 10–20: seconds 10 and 11 waited on payments before the breaker opened',
        '  ✓ orders->payments opens within 5s [fault]  1.49 s (limit <= 5 s)',
        '  ! checkout recovers within 10s: p(95)<200, rate<0.01 [recovery]  could not be evaluated: the run ended 20 s after the fault; too few recovery seconds to judge',
        'faults:',
        '  slow payments: latency on orders->payments (latency=2000, jitter=100), 10.01 s – 20.01 s',
        '',
      ].join('\n'),
    );
  });

  it('uses ANSI colours only when asked and never passes escapes from the scenario through', () => {
    const results = runResultsFixture({ name: 'evil\u001b[2Jname' });
    results.errors = ['proxy crashed'];
    const plain = renderTerminalSummary(results);
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('evil[2Jname');
    expect(plain).toContain('error: proxy crashed');
    const coloured = renderTerminalSummary(results, { color: true });
    expect(coloured).toContain('\u001b[31m✗\u001b[0m');
    expect(coloured).not.toContain('\u001b[2J');
  });
});

describe('a failed check on its terminal line', () => {
  it('says why after the measured value, from the first clause of the evidence', () => {
    const results = runResultsFixture();
    results.verdicts = [
      {
        id: 'breaker:front->back:open:f',
        kind: 'breaker-open',
        name: 'breaker front->back opens within 2s',
        status: 'fail',
        measured: 545,
        unit: 'ms',
        limit: '<= 2000',
        evidence:
          'closed again at 8.07 s while the fault lasted; opened 545ms after the fault began; fault from 2.00 s to 12.00 s',
      },
    ];
    const line = renderTerminalSummary(results).split('\n')[1];
    expect(line).toBe(
      '  ✗ breaker front->back opens within 2s  545 ms (limit <= 2000) — closed again at 8.07 s while the fault lasted',
    );
  });
});

describe('colorWanted', () => {
  it('keeps the lines of an error apart, as a log tail in a start-up hint has them', () => {
    const results = runResultsFixture();
    results.errors = [
      'service "back" never became ready (hint: last lines of back.log:\nline one\nline two)',
    ];
    expect(renderTerminalSummary(results)).toContain(
      'error: service "back" never became ready (hint: last lines of back.log:\n  line one\n  line two)\n',
    );
  });

  it('follows NO_COLOR, then FORCE_COLOR, then the TTY', () => {
    expect(colorWanted({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colorWanted({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorWanted({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorWanted({ FORCE_COLOR: '0' }, false)).toBe(false);
    expect(colorWanted({}, false)).toBe(false);
  });
});
