import { describe, expect, it } from 'vitest';
import { startedChildren } from './child-registry.js';
import { commandFailure, formatArgv, OUTPUT_TAIL_CHARS, runCommand } from './run-command.js';

describe('runCommand', () => {
  it('passes the environment, keeps the tail of the output and the exit code', async () => {
    const r = await runCommand({
      argv: ['sh', '-c', 'echo "$GREETING"; echo err >&2; exit 4'],
      timeoutMs: 5000,
      env: { GREETING: 'hello' },
    });
    expect(r).toMatchObject({ code: 4, timedOut: false, output: 'hello\nerr' });
    expect(commandFailure(['sh', '-c', 'x y'], r, 5000)).toBe(
      '`sh -c "x y"` exited 4; last output: hello\nerr',
    );
    expect(startedChildren.pids()).toEqual([]);
  });

  it('kills the whole process group at its time limit, background children too', async () => {
    const r = await runCommand({ argv: ['sh', '-c', 'sleep 30 & echo started; wait'], timeoutMs: 300 });
    expect(r).toMatchObject({ code: null, timedOut: true, output: 'started' });
    expect(r.ms).toBeLessThan(5000);
    expect(commandFailure(['sh'], r, 300)).toBe(
      '`sh` timed out after 300 ms and was killed; last output: started',
    );
  });

  it('says why a command could not start, and keeps only the last characters of a long output', async () => {
    const missing = await runCommand({ argv: ['no-such-command-xyz'], timeoutMs: 1000 });
    expect(commandFailure(['no-such-command-xyz'], missing, 1000)).toMatch(
      /^`no-such-command-xyz` could not start: .*ENOENT/,
    );
    const long = await runCommand({ argv: ['sh', '-c', 'yes x | head -c 100000'], timeoutMs: 5000 });
    expect(long.code).toBe(0);
    expect(long.output.length).toBeLessThanOrEqual(OUTPUT_TAIL_CHARS);
    expect(formatArgv(['rm', '-f', '/tmp/a b'])).toBe('rm -f "/tmp/a b"');
  });
});
