import { describe, expect, it } from 'vitest';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { renderJunit, renderHtml } from '../report/index.js';
import { parseScenario } from '../scenario/index.js';
import { unfinishedRunResults } from './unfinished-run-results.js';

const SOURCE = `name: never-ran
mesh: sample
load:
  duration: 5s
  routes:
    - { name: catalog, request: GET /api/catalog, rate: 10/s }
`;

describe('unfinishedRunResults', () => {
  const scenario = parseScenario(SOURCE, 'never-ran.yaml');
  const started = new Date('2026-11-26T10:00:00.000Z');

  it('records a run that could not be carried out as an error with its message and hint', () => {
    const err = new FaultlineError(
      'service "orders" never became ready',
      ExitCode.runFailed,
      'see logs/orders.log',
    );
    const r = unfinishedRunResults(scenario, 'local', started, err);
    expect([r.outcome, r.exitCode, r.errors]).toEqual([
      'error',
      3,
      ['service "orders" never became ready (hint: see logs/orders.log)'],
    ]);
    expect(r.scenario.source).toBe(SOURCE);
    expect(r.routes.map((x) => x.name)).toEqual(['catalog']);
    expect(renderJunit([r])).toContain('<error message="service &quot;orders&quot; never became ready');
    expect(renderHtml(r)).toContain('<header class="banner outcome-error">');
  });

  it('records an interrupt during start-up as interrupted and a bug as exit 3', () => {
    const interrupted = unfinishedRunResults(
      scenario,
      'local',
      started,
      new FaultlineError('interrupted by SIGTERM during start-up', ExitCode.terminated),
    );
    expect([interrupted.outcome, interrupted.exitCode]).toEqual(['interrupted', 143]);
    const bug = unfinishedRunResults(scenario, 'local', started, new TypeError('x is undefined'));
    expect([bug.outcome, bug.exitCode]).toEqual(['error', 3]);
    expect(bug.errors[0]).toMatch(/^unexpected error: TypeError: x is undefined/);
  });

  it("carries the id of the run's ledger and the cause chain of the error", () => {
    const err = new FaultlineError('could not create proxy "a_to_b"', ExitCode.runFailed, undefined, {
      cause: new Error('fetch failed'),
    });
    err.runId = '0b5e4c1e-9f0a-4c55-8d6e-2f1d3c4b5a69';
    const r = unfinishedRunResults(scenario, 'local', started, err);
    expect(r.run.id).toBe('0b5e4c1e-9f0a-4c55-8d6e-2f1d3c4b5a69');
    expect(r.errors).toEqual(['could not create proxy "a_to_b"\ncaused by: Error: fetch failed']);
  });
});
