import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMeshFileText } from '../src/mesh/index.js';
import { readResults, repoRoot, runCli, tempDir } from './cli-helper.js';

const MESH_SCHEMA = join(repoRoot, 'harness/schema/mesh.schema.json');
const SKIPPED = new Set(['node_modules', 'dist', 'reports', '.git']);

/** Every mesh file of the repository: YAML with `services` and no `load`, compose files aside. */
function meshFilesOfRepository(dir = repoRoot): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return SKIPPED.has(d.name) ? [] : meshFilesOfRepository(path);
    if (!/\.ya?ml$/.test(d.name) || /compose/.test(d.name)) return [];
    return isMeshFileText(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

describe('the mesh file schema', () => {
  it('is printed by `faultline schema --mesh` exactly as published (regenerate: faultline schema --mesh > harness/schema/mesh.schema.json)', async () => {
    const res = await runCli(['schema', '--mesh']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(readFileSync(MESH_SCHEMA, 'utf8'));
    const schema = JSON.parse(res.stdout) as { $schema: string; required: string[]; title: string };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual(['name', 'entry', 'services']);
  });

  it('is named on the first line of every mesh file of the repository', () => {
    const files = meshFilesOfRepository();
    expect(files.map((f) => relative(repoRoot, f)).sort()).toEqual(
      expect.arrayContaining(['examples/two-tier/mesh.yaml', 'sample-mesh/mesh.yaml']),
    );
    for (const f of files) {
      const first = readFileSync(f, 'utf8').split('\n')[0]!;
      expect(first, f).toMatch(/^# yaml-language-server: \$schema=\S*mesh\.schema\.json$/);
      expect(join(dirname(f), first.split('$schema=')[1]!), f).toBe(MESH_SCHEMA);
    }
  });
});

describe('faultline init --mesh', () => {
  it('writes a commented starter mesh file that validates, and refuses to overwrite it', async () => {
    const dir = tempDir();
    const res = await runCli(['init', '--mesh', '--dir', dir]);
    expect(res.code, res.stderr).toBe(0);
    const file = join(dir, 'mesh.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=.*harness\/schema\/mesh\.schema\.json\n/);
    expect(existsSync(join(dir, text.split('\n')[0]!.split('$schema=')[1]!))).toBe(true);
    expect(text).toContain('command: [npm, start]');
    const valid = await runCli(['validate', file]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toBe(`${file}: valid mesh file\n`);
    writeFileSync(file, 'mine');
    const again = await runCli(['init', '--mesh', '--dir', dir]);
    expect(again.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });
});

describe('a mesh file beside its scenarios (examples/two-tier)', () => {
  it('validates the mesh file as a mesh file and the scenario as a scenario, by file or by folder', async () => {
    const files = ['examples/two-tier/db-slow.yaml', 'examples/two-tier/mesh.yaml'];
    const byFile = await runCli(['validate', ...files]);
    expect(byFile.code, byFile.stderr).toBe(0);
    expect(byFile.stdout).toBe(
      'examples/two-tier/mesh.yaml: valid mesh file\nexamples/two-tier/db-slow.yaml: valid\n',
    );
    const byFolder = await runCli(['validate', 'examples/two-tier/']);
    expect(byFolder.code, byFolder.stderr).toBe(0);
    expect(byFolder.stdout).toContain('mesh.yaml: valid mesh file');
  });

  it('reports an invalid mesh file with its position', async () => {
    const dir = tempDir({ 'mesh.yaml': 'name: x\nentry: web\nservices:\n  web: { commnd: [node] }\n' });
    const res = await runCli(['validate', dir]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/mesh\.yaml:4:\d+ services\.web/);
  });

  it('runs only the scenario of the folder, and refuses to run a mesh file alone (exit 2)', async () => {
    const out = tempDir();
    const res = await runCli(['run', 'examples/two-tier/', '--out', out], {
      env: { FAULTLINE_HOME: join(out, 'home') },
      timeoutMs: 90_000,
    });
    expect(res.code, res.stderr).toBe(0);
    // One run folder: the scenario's, none for the mesh file.
    const runFolders = readdirSync(out, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'home')
      .map((d) => d.name);
    expect(runFolders).toEqual(['db-slow']);
    expect(readResults(join(out, 'db-slow')).outcome).toBe('passed');
    const alone = await runCli(['run', 'examples/two-tier/mesh.yaml']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('a mesh file, not a scenario');
  });
});
