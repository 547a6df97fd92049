import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/**
 * The folders (relative to `root`) of every package the root's production dependencies need,
 * resolved as Node does (nearest node_modules upwards), so an image gets them without npm.
 */
export function productionPackages(root: string): string[] {
  const found = new Set<string>();
  const queue: string[] = [root];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})];
    for (const name of names) {
      const at = resolvePackage(dir, name, root);
      if (at === undefined || found.has(at)) continue; // an optional dependency may be absent
      found.add(at);
      queue.push(at);
    }
  }
  const sorted = [...found].map((p) => relative(root, p)).sort();
  // A package nested inside another's folder is already packed with it.
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(q + '/')));
}

function resolvePackage(from: string, name: string, root: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}
