import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, FaultlineError, InternalError } from '../errors/index.js';
import { reportRunFailure } from './run-failure.js';

const made: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-test-'));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('reportRunFailure', () => {
  it('reports a bug as an internal error with its cause chain, and writes every stack to error.log', async () => {
    const out = tempDir();
    const lines: string[] = [];
    const root = new Error('connect ECONNREFUSED 127.0.0.1:9');
    const bug = new TypeError("Cannot read properties of undefined (reading 'url')", { cause: root });
    const error = await reportRunFailure('a.yaml', out, bug, (l) => lines.push(l));
    expect(error).toBeInstanceOf(InternalError);
    expect(error.exitCode).toBe(ExitCode.runFailed);
    expect(error.cause).toBe(bug);
    expect(lines[0]).toBe(
      "a.yaml: internal error: TypeError: Cannot read properties of undefined (reading 'url')\n" +
        'caused by: Error: connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(lines[1]).toBe(`the stack is in ${join(out, 'error.log')}; please report it`);
    const log = readFileSync(join(out, 'error.log'), 'utf8');
    expect(log).toContain("TypeError: Cannot read properties of undefined (reading 'url')\n    at ");
    expect(log).toContain('caused by: Error: connect ECONNREFUSED 127.0.0.1:9\n    at ');
  });

  it('passes a FaultlineError on as it is, its cause on the next line, and writes no error.log', async () => {
    const out = tempDir();
    const lines: string[] = [];
    const err = new FaultlineError('could not create proxy "a_to_b"', ExitCode.runFailed, undefined, {
      cause: new Error('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8474') }),
    });
    expect(await reportRunFailure('a.yaml', out, err, (l) => lines.push(l))).toBe(err);
    expect(lines).toEqual([
      'a.yaml: could not create proxy "a_to_b"\ncaused by: Error: fetch failed\ncaused by: Error: connect ECONNREFUSED 127.0.0.1:8474',
    ]);
    expect(() => readFileSync(join(out, 'error.log'))).toThrow(/ENOENT/);
  });
});
