import { Command } from 'commander';
import { meshJsonSchema } from '../mesh/index.js';
import { scenarioJsonSchema } from '../scenario/index.js';

/**
 * `faultline schema [--mesh]`: prints the JSON Schema (draft-07, which every YAML editor
 * understands) of scenario files, or of mesh files. The published copies are
 * harness/schema/scenario.schema.json and mesh.schema.json; a test keeps them equal to this output.
 */
export function schemaCommand(): Command {
  return new Command('schema')
    .description(
      'print the JSON Schema (draft-07) of scenario files, for editors (harness/schema/scenario.schema.json)',
    )
    .option('--mesh', 'the schema of mesh files instead (harness/schema/mesh.schema.json)')
    .action((opts: { mesh?: boolean }) => {
      const schema = opts.mesh ? meshJsonSchema() : scenarioJsonSchema('draft-7');
      process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    });
}
