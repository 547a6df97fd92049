import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendStepSummary, errorAnnotations, inGithubActions } from './github-actions.js';

describe('GitHub Actions output', () => {
  it('writes one escaped error annotation per issue', () => {
    const text = errorAnnotations([
      {
        file: 'scenarios/a,b.yaml',
        line: 3,
        col: 9,
        path: 'load.routes[0].rate',
        message: 'expected 100%\nnot "fast"',
      },
      { file: 'x.yaml', line: 1, col: 1, path: '', message: 'empty' },
    ]);
    expect(text).toBe(
      '::error file=scenarios/a%2Cb.yaml,line=3,col=9,title=invalid scenario::load.routes[0].rate: expected 100%25%0Anot "fast"\n' +
        '::error file=x.yaml,line=1,col=1,title=invalid scenario::empty\n',
    );
  });

  it('knows it runs under GitHub Actions only when GITHUB_ACTIONS=true', () => {
    expect(inGithubActions({ GITHUB_ACTIONS: 'true' })).toBe(true);
    expect(inGithubActions({ GITHUB_ACTIONS: '1' })).toBe(false);
    expect(inGithubActions({})).toBe(false);
  });

  describe('appendStepSummary', () => {
    let dir = '';
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('appends to $GITHUB_STEP_SUMMARY only when it is set', async () => {
      dir = await mkdtemp(join(tmpdir(), 'faultline-gate-'));
      const file = join(dir, 'summary.md');
      await writeFile(file, '# before\n');
      await appendStepSummary('## run', { GITHUB_STEP_SUMMARY: file });
      await appendStepSummary('## ignored', {});
      expect(await readFile(file, 'utf8')).toBe('# before\n## run\n');
    });
  });
});
