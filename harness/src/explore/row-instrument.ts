import { evaluateInstrument } from '../checks/index.js';
import type { InstrumentReadings } from '../results/index.js';
import type { ExploreCell, RowInstrument } from './explore-model.js';

/**
 * The readings of one fault's window with the evidence of each past a run's limit
 * (`INSTRUMENT_LIMITS`, docs/checks.md): the same limits, so a cell and a run agree on when the
 * machine was too busy to measure. Pure.
 */
export function judgeInstrument(readings: InstrumentReadings): RowInstrument {
  return {
    readings,
    tooBusy: evaluateInstrument(readings)
      .filter((v) => v.status === 'fail')
      .map((v) => v.evidence),
  };
}

/**
 * A cell judged while the machine was too busy to measure becomes inconclusive, as a run's
 * instrument verdicts make a run: a crowded machine must never turn into a pass or a fail of the
 * system. The evidence keeps what the cell would have been; an inconclusive cell keeps its own
 * reason. Pure.
 */
export function tooBusy(cell: ExploreCell, instrument: RowInstrument | undefined): ExploreCell {
  if (!instrument || instrument.tooBusy.length === 0 || cell.status === 'inconclusive') return cell;
  return {
    ...cell,
    status: 'inconclusive',
    evidence: `${instrument.tooBusy.join('; ')} (judged regardless: ${cell.status}, ${cell.evidence})`,
  };
}

/**
 * The readings in one line for the map: `send lag p99 2 ms · runner loop p99 1 ms · …`; the
 * proxy's is a bucket's upper bound (see `loopDelayP99Between`). Pure.
 */
export function describeReadings(r: InstrumentReadings): string {
  const ms = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v * 10) / 10} ms`);
  const queue = r.runnablePerCore ?? null;
  return [
    `send lag p99 ${ms(r.sendLagP99Ms)}`,
    `runner loop p99 ${ms(r.runnerLoopDelayP99Ms)}`,
    `proxy loop p99 ${r.proxyLoopDelayP99Ms === null ? 'n/a' : `≤ ${ms(r.proxyLoopDelayP99Ms)}`}`,
    `run queue ${queue === null ? 'n/a' : `${queue.toFixed(1)}/core`}`,
    `steal ${r.stealShare === null ? 'n/a' : `${(r.stealShare * 100).toFixed(1)} %`}`,
  ].join(' · ');
}
