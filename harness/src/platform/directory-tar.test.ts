import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directoryTar } from './directory-tar.js';

describe('directoryTar', () => {
  it('is an archive that tar extracts to one empty folder writable by everyone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-tar-'));
    writeFileSync(join(dir, 'a.tar'), directoryTar('faultline-data'));
    expect(execFileSync('tar', ['-tvf', 'a.tar'], { cwd: dir, encoding: 'utf8' })).toMatch(
      /^drwxrwxrwx .* faultline-data\/\n$/,
    );
    execFileSync('tar', ['-xpf', 'a.tar', '--no-same-owner'], { cwd: dir });
    const made = statSync(join(dir, 'faultline-data'));
    expect(made.isDirectory()).toBe(true);
    rmSync(dir, { recursive: true });
  });
});
