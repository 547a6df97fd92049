import * as z from 'zod';
import { sloSchema } from './checks-schema.js';
import { doc, duration, expected, httpStatus, mapping, name } from '../schema/index.js';
import type { ExploreFaultType, ExploreSpec } from './types.js';

/** The fault types `faultline explore` tries on every edge or service, in this order. */
export const EXPLORE_FAULT_TYPES: readonly ExploreFaultType[] = [
  'latency',
  'down',
  'partition',
  'reset_peer',
  'http_error',
  'crash',
  'freeze',
];

const faultType = z.enum(EXPLORE_FAULT_TYPES as [ExploreFaultType, ...ExploreFaultType[]], {
  error: expected(`one of ${EXPLORE_FAULT_TYPES.join(', ')}`),
});

/** The defaults of an `explore:` section; a scenario without one is explored with these. */
export const EXPLORE_DEFAULTS: ExploreSpec = {
  faults: [...EXPLORE_FAULT_TYPES],
  latencyMs: 1000,
  resetAfterMs: 0,
  httpStatus: 503,
  holdMs: 6000,
  settleMs: 3000,
  recoveryLimitMs: 20_000,
  slo: {},
  unaffected: [],
};

/**
 * The `explore:` section of a scenario: how `faultline explore` breaks each dependency and what
 * steady state every fault is judged against (docs/explore.md). Route names are checked against
 * the load where the scenario is explored.
 */
export const exploreSchema = mapping(
  'an explore mapping with faults, latency, http_status, hold, settle, slo, unaffected',
  {
    faults: doc(
      z.array(faultType, { error: expected(`a list of fault types (${EXPLORE_FAULT_TYPES.join(', ')})`) }),
      'fault types tried: latency, down, partition, reset_peer, http_error on every edge; crash, freeze on every service',
      ['latency', 'down'],
    ).optional(),
    latency: doc(duration('1000ms', 1), 'the delay of every latency fault', '1000ms').optional(),
    reset_after: doc(
      duration('0ms', 0),
      'reset_peer faults reset each connection this long after its first bytes',
      '0ms',
    ).optional(),
    http_status: doc(
      httpStatus(),
      'http_error faults: the proxy answers every request of the edge with this status, without forwarding it',
      503,
    ).optional(),
    hold: doc(duration('6s', 1), 'how long each fault is held before it is reverted', '6s').optional(),
    settle: doc(
      duration('3s', 1),
      'the window of load that must meet the steady state before the first fault and after each revert',
      '3s',
    ).optional(),
    recovery_limit: doc(
      duration('20s', 1),
      'how long to wait after a revert for the steady state; past it the mesh is restarted',
      '20s',
    ).optional(),
    slo: sloSchema({
      description:
        'the steady state: route → SLO expressions, judged during each fault; default the scenario slo:',
      examples: [{ checkout: ['p(90)<250', 'rate<0.01'] }],
    }),
    unaffected: doc(
      z.array(name('a route name'), { error: expected('a list of route names') }),
      'routes that must not even degrade (fallback answers count as failures for them)',
      ['catalog'],
    ).optional(),
  },
).transform((e): ExploreSpec => ({
  faults: e.faults ?? EXPLORE_DEFAULTS.faults,
  latencyMs: e.latency ?? EXPLORE_DEFAULTS.latencyMs,
  resetAfterMs: e.reset_after ?? EXPLORE_DEFAULTS.resetAfterMs,
  httpStatus: e.http_status ?? EXPLORE_DEFAULTS.httpStatus,
  holdMs: e.hold ?? EXPLORE_DEFAULTS.holdMs,
  settleMs: e.settle ?? EXPLORE_DEFAULTS.settleMs,
  recoveryLimitMs: e.recovery_limit ?? EXPLORE_DEFAULTS.recoveryLimitMs,
  slo: e.slo,
  unaffected: e.unaffected ?? [],
}));
