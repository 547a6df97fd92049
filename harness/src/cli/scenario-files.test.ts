import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultlineError } from '../errors/index.js';
import { scenarioFiles } from './scenario-files.js';

describe('scenarioFiles', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('expands folders to their sorted *.yaml and *.yml files and keeps files as given', async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-gate-'));
    await mkdir(join(dir, 'suite', 'nested'), { recursive: true });
    for (const name of ['b.yml', 'a.yaml', 'c.txt', 'nested/d.yaml'])
      await writeFile(join(dir, 'suite', name), '');
    await writeFile(join(dir, 'one.yaml'), '');
    expect(await scenarioFiles([join(dir, 'one.yaml')])).toEqual({
      files: [join(dir, 'one.yaml')],
      meshFiles: [],
      suite: false,
    });
    expect(await scenarioFiles([join(dir, 'suite'), join(dir, 'one.yaml')])).toEqual({
      files: [join(dir, 'suite', 'a.yaml'), join(dir, 'suite', 'b.yml'), join(dir, 'one.yaml')],
      meshFiles: [],
      suite: true,
    });
    await expect(scenarioFiles([join(dir, 'suite', 'nested', 'missing.yaml')])).rejects.toThrow(
      FaultlineError,
    );
    await expect(scenarioFiles([join(dir, 'suite', 'nested', 'none')])).rejects.toThrow(/no such file/);
  });

  it('sets mesh files apart from the scenarios of a folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-gate-'));
    await writeFile(join(dir, 'mesh.yaml'), 'name: s\nentry: web\nservices:\n  web: { command: [node] }\n');
    await writeFile(join(dir, 'slow.yaml'), 'name: slow\nmesh: mesh.yaml\nload: {}\n');
    await writeFile(join(dir, 'broken.yaml'), 'services: [\n');
    expect(await scenarioFiles([dir])).toEqual({
      files: [join(dir, 'broken.yaml'), join(dir, 'slow.yaml')],
      meshFiles: [join(dir, 'mesh.yaml')],
      suite: true,
    });
  });
});
