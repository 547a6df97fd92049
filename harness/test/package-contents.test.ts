import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './cli-helper.js';

/** The files `npm pack` would publish, without running the build again. */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
  return pack!.files.map((f) => f.path);
}

describe('the published package', () => {
  const files = packedFiles();

  it('holds the CLI, the schemas, the sample mesh file and the scenarios', () => {
    expect(files).toContain('dist/harness/src/cli/main.js');
    expect(files).toContain('harness/schema/scenario.schema.json');
    expect(files).toContain('harness/schema/mesh.schema.json');
    expect(files).toContain('sample-mesh/mesh.yaml');
    expect(files).toContain('scenarios/default.yaml');
  });

  it('holds no test code, test helper, fixture or benchmark', () => {
    const testCode = files.filter((f) =>
      /\.test\.|\.fixture\.|-fixture\.|test-server|test-support|\/testing\/|\/harness\/test\/|\/harness\/bench\//.test(
        f,
      ),
    );
    expect(testCode).toEqual([]);
  });
});
