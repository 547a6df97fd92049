import { Command } from 'commander';
import { scenarioJsonSchema } from '../scenario/index.js';

/**
 * `faultline schema`: prints the JSON Schema (draft-07, which every YAML editor understands) of
 * scenario files. The published copy is harness/schema/scenario.schema.json; a test keeps it
 * equal to this output.
 */
export function schemaCommand(): Command {
  return new Command('schema')
    .description(
      'print the JSON Schema (draft-07) of scenario files, for editors (harness/schema/scenario.schema.json)',
    )
    .action(() => {
      process.stdout.write(`${JSON.stringify(scenarioJsonSchema('draft-7'), null, 2)}\n`);
    });
}
