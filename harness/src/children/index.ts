export { ChildRegistry, startedChildren, type KillFn } from './child-registry.js';
export {
  commandFailure,
  formatArgv,
  OUTPUT_TAIL_CHARS,
  runCommand,
  type CommandResult,
  type CommandSpec,
} from './run-command.js';
