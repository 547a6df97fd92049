import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError, formatIssue } from '../errors/index.js';
import { issueAt, loadScenario, parseScenario, positionOf } from './parse-scenario.js';

const MINIMAL = `name: x
load:
  duration: 20s
  routes:
    - { name: a, request: GET /, rate: 1 }
faults:
  - type: down
    edge: gateway->catalog
    at: 1s
    for: 2s
`;

async function rejection(file: string): Promise<string[]> {
  try {
    await loadScenario(file);
  } catch (e) {
    if (e instanceof InvalidInputError) return e.issues.map(formatIssue);
    throw e;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('loadScenario', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-scenario-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a UTF-8 file and keeps its name and source', async () => {
    const file = join(dir, 'ok.yaml');
    await writeFile(file, MINIMAL);
    expect(await loadScenario(file)).toMatchObject({ name: 'x', file, source: MINIMAL });
  });

  it('names a missing file and a directory', async () => {
    expect(await rejection(join(dir, 'nope.yaml'))).toEqual([
      `${join(dir, 'nope.yaml')}:1:1: cannot read the scenario: no such file`,
    ]);
    await mkdir(join(dir, 'sub'));
    expect(await rejection(join(dir, 'sub'))).toEqual([
      `${join(dir, 'sub')}:1:1: cannot read the scenario: it is a directory, not a file`,
    ]);
  });

  it('places the first byte that is not UTF-8, and refuses UTF-16', async () => {
    const latin1 = join(dir, 'latin1.yaml');
    await writeFile(
      latin1,
      Buffer.concat([
        Buffer.from('name: x\ndescription: caf'),
        Buffer.from([0xe9]),
        Buffer.from(' \uFFFD\n'),
      ]),
    );
    expect(await rejection(latin1)).toEqual([
      `${latin1}:2:17: not valid UTF-8 (byte 0xe9); save the file as UTF-8`,
    ]);
    const utf16 = join(dir, 'utf16.yaml');
    await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: x', 'utf16le')]));
    expect(await rejection(utf16)).toEqual([`${utf16}:1:1: the file is UTF-16; save it as UTF-8`]);
  });
});

describe('positionOf and issueAt', () => {
  const s = parseScenario(MINIMAL, 'm.yaml');

  it('place a path of the document as written, at the value or the key', () => {
    expect(positionOf(s, ['faults', 0, 'edge'])).toEqual({ line: 8, col: 11 });
    expect(positionOf(s, ['faults', 0, 'edge'], 'key')).toEqual({ line: 8, col: 5 });
    expect(positionOf(s, ['load', 'routes', 0, 'name'])).toEqual({ line: 5, col: 15 });
  });

  it('fall back to the closest node for a path that does not exist', () => {
    expect(positionOf(s, ['faults', 0, 'service'])).toEqual({ line: 7, col: 5 });
    expect(positionOf(s, ['faults', 3])).toEqual({ line: 7, col: 3 });
  });

  it('build an issue other modules can report, e.g. an edge the mesh lacks', () => {
    const issue = issueAt(s, ['faults', 0, 'edge'], 'the mesh has no edge gateway->catalog');
    expect(formatIssue(issue)).toBe('m.yaml:8:11 faults[0].edge: the mesh has no edge gateway->catalog');
  });

  it('answer 1:1 for a scenario built by hand', () => {
    expect(positionOf({ ...s }, ['faults', 0, 'edge'])).toEqual({ line: 1, col: 1 });
  });
});
