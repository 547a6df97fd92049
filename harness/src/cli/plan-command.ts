import { Command } from 'commander';
import { loadValidScenario } from './load-valid-scenario.js';
import { planText } from './plan-text.js';

/**
 * `faultline plan <scenario>`: validates the scenario exactly as `run` does and prints what a run
 * would do, without starting anything. Exit 0, or 2 when the scenario is invalid.
 */
export function planCommand(): Command {
  return new Command('plan')
    .description(
      'show what a run would do (services, proxies, load, fault timeline, checks) without doing it',
    )
    .argument('<scenario>', 'scenario YAML file')
    .action(async (file: string) => {
      const { scenario, mesh } = await loadValidScenario(file);
      process.stdout.write(`${planText(scenario, mesh)}\n`);
    });
}
