import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A browser library inlined into report.html, licence banner included. */
export interface InlineLibrary {
  name: string;
  source: string;
}

const require = createRequire(import.meta.url);
let cached: InlineLibrary[] | undefined;

/**
 * Chart.js and chartjs-plugin-annotation as UMD builds, in load order, read once per process.
 * Their packages export no UMD subpath, so the files are found beside each package's entry point.
 */
export function chartLibraries(): InlineLibrary[] {
  cached ??= [
    load('chart.js', ['chart.umd.min.js', 'chart.umd.js']),
    load('chartjs-plugin-annotation', [
      'chartjs-plugin-annotation.min.js',
      'chartjs-plugin-annotation.umd.js',
    ]),
  ];
  return cached;
}

function load(pkg: string, candidates: readonly string[]): InlineLibrary {
  const dir = dirname(require.resolve(pkg));
  const file = candidates.map((c) => join(dir, c)).find((p) => existsSync(p));
  if (!file)
    throw new Error(`cannot find the UMD build of ${pkg} (looked for ${candidates.join(', ')} in ${dir})`);
  const source = readFileSync(file, 'utf8')
    // The map is not shipped with the report; a dangling reference only adds a failed fetch.
    .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n')
    .replace(/<\/(script)/gi, '<\\/$1');
  return { name: pkg, source };
}
