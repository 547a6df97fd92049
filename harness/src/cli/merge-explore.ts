import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { mergeMaps, renderExploreHtml, renderMap, type ExploreResults } from '../explore/index.js';
import { colorWanted } from '../report/index.js';
import { mostSeriousExitCode } from './exit-ranking.js';

/** Whether every folder holds an exploration's map (explore.json) rather than a gate. */
export async function allExploreMaps(folders: readonly string[]): Promise<boolean> {
  const found = await Promise.all(
    folders.map((f) =>
      readFile(join(f, 'explore.json'), 'utf8').then(
        () => true,
        () => false,
      ),
    ),
  );
  return found.length > 0 && found.every(Boolean);
}

/**
 * `faultline merge` of the folders of `explore --shard i/n`: one explore.json, explore.html and
 * the replay scenarios of every shard in `out`; prints the joined map and returns its exit code.
 */
export async function mergeExploreFolders(folders: readonly string[], out: string): Promise<number> {
  const maps = await Promise.all(
    folders.map(async (folder) => {
      try {
        return {
          folder,
          map: JSON.parse(await readFile(join(folder, 'explore.json'), 'utf8')) as ExploreResults,
        };
      } catch (err) {
        throw new FaultlineError(
          `${join(folder, 'explore.json')}: ${(err as Error).message}`,
          ExitCode.invalidInput,
        );
      }
    }),
  );
  const merged = mergeMaps(maps, mostSeriousExitCode);
  await mkdir(out, { recursive: true });
  for (const { folder, map } of maps) {
    for (const row of map.rows)
      if (row.replay) await copyFile(join(folder, row.replay), join(out, row.replay));
  }
  await writeFile(join(out, 'explore.json'), `${JSON.stringify(merged, null, 2)}\n`);
  await writeFile(join(out, 'explore.html'), renderExploreHtml(merged));
  const color = colorWanted(process.env, process.stdout.isTTY === true);
  process.stdout.write(
    `${renderMap(merged, { color })}\nmerged ${maps.length} shards: ${join(out, 'explore.html')}\n`,
  );
  return merged.exitCode;
}
