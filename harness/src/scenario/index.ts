export type * from './types.js';
export { parseScenario, loadScenario, positionOf, issueAt, SCENARIO_LIMITS } from './parse-scenario.js';
export { formatPath, type DocPath, type SourcePosition, type PositionTarget } from './source-positions.js';
// The YAML building blocks the scenario is written in, for modules that read durations and rates.
export { parseDuration, formatDuration, parseRate, didYouMean } from '../schema/index.js';
export { scenarioSchema } from './scenario-schema.js';
export { FAULT_TYPES } from '../faults/index.js';
export { scenarioJsonSchema } from './json-schema.js';
export { servicesNamedBy } from './check-references.js';
export { exploreSchema, EXPLORE_FAULT_TYPES, EXPLORE_DEFAULTS } from './explore-schema.js';
export {
  parseTemplate,
  literalTexts,
  TemplateSyntaxError,
  TEMPLATE_VARIABLES,
  NOT_IN_PATH,
  NOT_IN_HEADER_VALUE,
  type TemplatePart,
} from './request-template-grammar.js';
