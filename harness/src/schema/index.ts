export {
  doc,
  duration,
  httpStatus,
  mapping,
  name,
  EDGE,
  HEADER_NAME,
  MAX_DURATION_MS,
  NAME,
  REQUEST,
  wholeNumber,
} from './schema-primitives.js';
export { describeValue, expected, fallbackMessage, mappingErrors } from './field-errors.js';
export { didYouMean, editDistance, unknownKeyMessage } from './did-you-mean.js';
export { formatDuration, parseDuration } from './duration.js';
export { parseRate } from './rate.js';
