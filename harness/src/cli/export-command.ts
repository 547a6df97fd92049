import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { loadValidScenario } from './load-valid-scenario.js';
import { k6Script } from './k6-script.js';

/**
 * `faultline export k6 <scenario>`: the scenario's load profile, fault timeline and thresholds as
 * a k6 script in TypeScript, for teams that run load at scale with k6. Printed, or written with
 * `--out`.
 */
export function exportCommand(): Command {
  const cmd = new Command('export').description("translate a scenario into another tool's format");
  cmd
    .command('k6')
    .description("write a k6 script (TypeScript) with the scenario's load profile, faults and thresholds")
    .argument('<scenario>', 'scenario YAML file')
    .option('-o, --out <file>', 'write the script to this file instead of standard output')
    .exitOverride()
    .action(async (file: string, opts: { out?: string }) => {
      const { scenario } = await loadValidScenario(file);
      const script = k6Script(scenario);
      if (opts.out) await writeFile(opts.out, script);
      else process.stdout.write(script);
    });
  return cmd;
}
