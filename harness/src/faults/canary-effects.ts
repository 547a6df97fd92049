import type { CanaryOutcome, FaultEffect } from './fault-type.js';

/** ms a canary waits for an answer through an edge that should still answer quickly. */
export const QUICK_BOUND_MS = 500;

/** The canary after the fault must end in one of `outcomes` (`expected` names them in the verdict). */
function endsIn(expected: string, outcomes: readonly CanaryOutcome[], not: string): FaultEffect<never> {
  return {
    expected: () => expected,
    judge: (_before, after) =>
      outcomes.includes(after.outcome)
        ? { shown: true, measured: after.ms }
        : { shown: false, why: `the canary was ${after.outcome}, not ${not}` },
    refusesConnections: false,
  };
}

/** Nothing answers while the fault lasts: the canary waits out its bound. */
export const heldEffect = endsIn('no answer', ['timeout'], 'held without an answer');

/** The canary waits, or its connection is closed or reset, without an answer. */
export const heldOrClosedEffect = endsIn('no answer or closed', ['timeout', 'closed'], 'held or closed');

/** Connections are refused (or closed at once): no byte crosses while the fault lasts. */
export const refusedEffect: FaultEffect<never> = {
  ...endsIn('refused', ['refused', 'closed'], 'refused'),
  refusesConnections: true,
};

/**
 * For a fault a single canary cannot tell (the answer arrives either way): any outcome passes,
 * and the evidence says there was no expectation.
 */
export function noCanaryExpectation(type: string): FaultEffect<never> {
  return {
    expected: () => 'answered or not',
    judge: (_before, after) => ({
      shown: true,
      measured: after.ms,
      note: `no canary expectation for ${type} faults`,
    }),
    refusesConnections: false,
  };
}
