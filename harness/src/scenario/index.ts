export type * from './types.js';
export { parseScenario, loadScenario, positionOf, issueAt, SCENARIO_LIMITS } from './parse-scenario.js';
export { formatPath, type DocPath, type SourcePosition, type PositionTarget } from './source-positions.js';
export { parseDuration, formatDuration } from './duration.js';
export { parseRate } from './rate.js';
export { didYouMean } from './did-you-mean.js';
export { scenarioSchema, FAULT_TYPES } from './scenario-schema.js';
export { scenarioJsonSchema } from './json-schema.js';
export { servicesNamedBy } from './check-references.js';
export {
  parseTemplate,
  literalTexts,
  TemplateSyntaxError,
  TEMPLATE_VARIABLES,
  NOT_IN_PATH,
  NOT_IN_HEADER_VALUE,
  type TemplatePart,
} from './request-template-grammar.js';
