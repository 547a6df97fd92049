import { ExitCode } from '../errors/index.js';
import type { ExploreOutcome, ExploreRow } from './explore-model.js';

/**
 * The exploration's outcome and exit code: 130/143 interrupted (the partial map is kept), 5 a
 * rollback failed, 1 any cell fails, 4 any is inconclusive (or the steady state never held) and
 * none fails (or nothing was judged), 0 every judged cell meets the steady state. Cells left out
 * (by the budget, a shard, the platform, or an edge no request crosses) do not count; a shard
 * that judged nothing leaves "nothing was judged" to the merge, which sees every shard. Pure.
 */
export function exploreOutcome(
  rows: readonly ExploreRow[],
  o: {
    interruptedBy?: 'SIGINT' | 'SIGTERM';
    rollbackFailed: boolean;
    neverSteady: boolean;
    /** One shard of the exploration (`--shard i/n`). */
    shard?: boolean;
  },
): { outcome: ExploreOutcome; exitCode: number } {
  if (o.interruptedBy)
    return {
      outcome: 'interrupted',
      exitCode: o.interruptedBy === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted,
    };
  if (o.rollbackFailed) return { outcome: 'error', exitCode: ExitCode.rollbackFailed };
  if (rows.some((r) => r.status === 'fail')) return { outcome: 'failed', exitCode: ExitCode.checkFailed };
  if (o.neverSteady || (rows.length === 0 && !o.shard) || rows.some((r) => r.status === 'inconclusive'))
    return { outcome: 'inconclusive', exitCode: ExitCode.inconclusive };
  return { outcome: 'passed', exitCode: ExitCode.passed };
}
