/**
 * Probes: what an answer to an HTTP GET or a command must show (`ProbeExpectation`, judged by the
 * pure `sampleMisses`), the schema fields that write one, and the HTTP requests that take answers.
 * `checks.probes` and the `command` fault's HTTP `verify` both use them.
 */
export {
  describeExpectation,
  jsonPointer,
  sampleMisses,
  type ProbeAnswer,
  type ProbeExpectation,
} from './probe-expectation.js';
export { expectationFields, expectationOf, httpUrl } from './expectation-schema.js';
export { httpAnswer } from './http-answer.js';
export { pollHttp, POLL_INTERVAL_MS, type PollHttpOptions, type PollHttpResult } from './poll-http.js';
