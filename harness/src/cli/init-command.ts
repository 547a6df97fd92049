import { writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { sampleMeshFile } from '../mesh/index.js';
import { starterScenario } from './starter-scenario.js';

const NAME = /^[A-Za-z0-9._-]+$/;

/**
 * `faultline init [name]`: writes `<name>.yaml`, a commented starter scenario for the sample
 * mesh, into the current folder (or `--dir`). Never overwrites: an existing file is exit 2.
 */
export function initCommand(): Command {
  return new Command('init')
    .description('write a commented starter scenario for the sample mesh (never overwrites)')
    .argument('[name]', 'scenario name; the file is <name>.yaml', 'my-scenario')
    .option('--dir <folder>', 'folder to write into', '.')
    .action(async (name: string, opts: { dir: string }) => {
      if (!NAME.test(name) || name === '.' || name === '..') {
        throw new FaultlineError(
          `invalid scenario name "${name}": use letters, digits, ".", "_" or "-"`,
          ExitCode.invalidInput,
        );
      }
      const file = resolve(opts.dir, `${name}.yaml`);
      // Relative, so the comment still works when the folder is checked in elsewhere.
      const schema = relative(
        dirname(file),
        join(dirname(dirname(sampleMeshFile())), 'harness', 'schema', 'scenario.schema.json'),
      );
      try {
        await writeFile(file, starterScenario(name, schema.split('\\').join('/')), { flag: 'wx' });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST')
          throw new FaultlineError(
            `${file} already exists; choose another name or remove it`,
            ExitCode.invalidInput,
          );
        throw new FaultlineError(`cannot write ${file}: ${(err as Error).message}`, ExitCode.invalidInput);
      }
      process.stdout.write(
        `wrote ${relative(process.cwd(), file) || file}\nnext: faultline validate ${relative(process.cwd(), file)} && faultline plan ${relative(process.cwd(), file)}\n`,
      );
    });
}
