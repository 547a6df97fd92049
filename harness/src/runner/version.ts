import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../mesh/index.js';

function findVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}

/** faultline's own version, from package.json. */
export const FAULTLINE_VERSION = findVersion();
