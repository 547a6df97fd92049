export { ChildRegistry, startedChildren, type KillFn } from './child-registry.js';
