import { ExitCode, FaultlineError } from '../errors/index.js';
import type { ExploreResults } from './explore-model.js';
import { EXPLORE_SCHEMA_VERSION } from './explore-model.js';

/** Reason of a fault left out because another shard explores it. */
export const OTHER_SHARD = 'in another shard';

/**
 * Joins the maps of one exploration's shards (`explore --shard i/n`) into one map: every shard's
 * rows in the map's order, the cells no shard judged still listed as left out, the restarts and
 * errors of all, and the exit code and outcome of the most serious shard (`rank` orders exit
 * codes as a gate does), or 4 when no shard judged a cell. Refuses (exit 2) maps of another
 * schema version, of different explorations (scenario, faults, settings, steady state, seed),
 * and a missing or repeated shard. `maps` are given with the folder each came from, for
 * messages. Pure.
 */
export function mergeMaps(
  maps: readonly { folder: string; map: ExploreResults }[],
  rank: (codes: readonly number[]) => number,
): ExploreResults {
  for (const { folder, map } of maps) {
    if (map.schemaVersion !== EXPLORE_SCHEMA_VERSION || map.kind !== 'explore')
      throw new FaultlineError(
        `${folder}/explore.json: schemaVersion ${map.schemaVersion}, this faultline reads ${EXPLORE_SCHEMA_VERSION}`,
        ExitCode.invalidInput,
      );
  }
  const identity = ({ map }: { map: ExploreResults }): string =>
    JSON.stringify([map.scenario, map.faults, map.settings, map.steadyState, map.seed, map.depth]);
  if (new Set(maps.map(identity)).size > 1)
    throw new FaultlineError(
      `these folders hold maps of different explorations (scenario, faults, settings or seed differ):\n${maps.map((m) => `  ${m.folder}: ${m.map.scenario.name} (${m.map.faults.length} faults, seed ${m.map.seed})`).join('\n')}`,
      ExitCode.invalidInput,
      'merge only the shards of one `faultline explore --shard i/n` with the same scenario and flags',
    );
  const count = maps[0]!.map.shard?.count ?? 1;
  const indexes = maps.map((m) => m.map.shard?.index ?? 1);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indexes.includes(i));
  const repeated = indexes.filter((i, at) => indexes.indexOf(i) !== at);
  if (missing.length > 0 || repeated.length > 0 || maps.some((m) => (m.map.shard?.count ?? 1) !== count))
    throw new FaultlineError(
      `the shards do not make one whole map${missing.length ? ` (missing: ${missing.map((i) => `${i}/${count}`).join(', ')})` : ''}${repeated.length ? ` (repeated: ${repeated.map((i) => `${i}/${count}`).join(', ')})` : ''}`,
      ExitCode.invalidInput,
      'give each shard i/n of the exploration exactly once',
    );
  const first = maps[0]!.map;
  const rowOf = new Map(maps.flatMap(({ map }) => map.rows.map((r) => [r.id, r] as const)));
  const pairRows = maps.flatMap(({ map }) => map.rows.filter((r) => r.pair));
  const judged = new Set(rowOf.keys());
  const leftOut = maps
    .flatMap(({ map }) => map.leftOut)
    .filter((l) => !judged.has(l.id) && !l.reason.startsWith(OTHER_SHARD));
  const rows = [...first.faults.flatMap((id) => rowOf.get(id) ?? []), ...pairRows];
  // A shard that judged nothing passed on its own; with no shard judging anything, nothing was.
  const nothingJudged = rows.length === 0 ? [ExitCode.inconclusive] : [];
  const exitCode = rank([...maps.map((m) => m.map.exitCode), ...nothingJudged]);
  const outcome = maps.find((m) => m.map.exitCode === exitCode)?.map.outcome ?? 'inconclusive';
  const pairs = maps.flatMap(({ map }) => (map.pairs ? [map.pairs] : []));
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    startedAt: maps.map((m) => m.map.startedAt).sort()[0]!,
    endedAt: maps
      .map((m) => m.map.endedAt)
      .sort()
      .at(-1)!,
    rows,
    leftOut: first.faults.flatMap((id) => leftOut.find((l) => l.id === id) ?? []),
    restarts: maps.reduce((n, m) => n + m.map.restarts, 0),
    errors: maps.flatMap((m) => m.map.errors),
    outcome,
    exitCode,
    ...(pairs.length > 0
      ? {
          pairs: {
            tried: pairs.reduce((n, p) => n + p.tried, 0),
            skipped: pairs.flatMap((p) => p.skipped),
          },
        }
      : {}),
  };
}
