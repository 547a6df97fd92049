import { writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { ExitCode, FaultlineError } from '../errors/index.js';
import { sampleMeshFile } from '../mesh/index.js';
import { starterMesh } from './starter-mesh.js';
import { starterScenario } from './starter-scenario.js';

const NAME = /^[A-Za-z0-9._-]+$/;

/**
 * `faultline init [name]`: writes `<name>.yaml`, a commented starter scenario for the sample
 * mesh (or with `--mesh` a starter mesh file, `mesh.yaml` by default), into the current folder
 * (or `--dir`). Never overwrites: an existing file is exit 2.
 */
export function initCommand(): Command {
  return new Command('init')
    .description(
      'write a commented starter scenario for the sample mesh, or a starter mesh file (never overwrites)',
    )
    .argument(
      '[name]',
      'scenario name (default my-scenario), or mesh file name (default mesh); the file is <name>.yaml',
    )
    .option('--dir <folder>', 'folder to write into', '.')
    .option('--mesh', 'write a starter mesh file for your own system instead (docs/mesh-file.md)')
    .action(async (given: string | undefined, opts: { dir: string; mesh?: boolean }) => {
      const name = given ?? (opts.mesh ? 'mesh' : 'my-scenario');
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
        join(
          dirname(dirname(sampleMeshFile())),
          'harness',
          'schema',
          opts.mesh ? 'mesh.schema.json' : 'scenario.schema.json',
        ),
      );
      const text = (opts.mesh ? starterMesh : starterScenario)(name, schema.split('\\').join('/'));
      try {
        await writeFile(file, text, { flag: 'wx' });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST')
          throw new FaultlineError(
            `${file} already exists; choose another name or remove it`,
            ExitCode.invalidInput,
          );
        throw new FaultlineError(`cannot write ${file}: ${(err as Error).message}`, ExitCode.invalidInput);
      }
      const shown = relative(process.cwd(), file) || file;
      process.stdout.write(
        `wrote ${shown}\nnext: ${
          opts.mesh
            ? `edit it for your services, faultline validate ${shown}, then point a scenario's mesh: at it`
            : `faultline validate ${shown} && faultline plan ${shown}`
        }\n`,
      );
    });
}
