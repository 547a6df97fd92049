import type { Threshold } from 'k6/options';
import type { Phase } from '../results/index.js';
import { PHASES } from '../results/index.js';
import {
  METRICS,
  METRIC_NAMES,
  TAG_NAMES,
  aggregationLabel,
  isMetricName,
  type Aggregation,
  type MetricName,
  type TagName,
} from './metrics.js';

/** A comparison operator of a threshold expression; `===` is k6's spelling of `==`. */
export type Operator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';
/** Longest first, so `===` is not read as `==` followed by `=`. */
const OPERATORS: readonly Operator[] = ['===', '<=', '>=', '==', '!=', '<', '>'];

/** A parsed threshold expression such as `p(99)<150`. */
export interface ThresholdExpression {
  aggregation: Aggregation;
  /** N of `p(N)`, only for `p`. */
  percentile?: number;
  op: Operator;
  limit: number;
  /** The expression as written, trimmed. */
  source: string;
}

/** A parsed metric key such as `http_req_duration{route:catalog,phase:fault}`. */
export interface MetricKey {
  metric: MetricName;
  tags: ThresholdTags;
  source: string;
}

/** The selection a key's tags make; an absent tag selects everything. */
export interface ThresholdTags {
  route?: string;
  phase?: Phase;
  fault?: string;
  status?: number;
}

/** A metric key with one of its expressions, checked to fit together. */
export interface ParsedThreshold {
  key: MetricKey;
  expression: ThresholdExpression;
}

/** Which part of a threshold is wrong: the metric key or one expression. */
export type ThresholdPart = 'key' | 'expression';

/**
 * A threshold that does not parse. `reason` says what was expected; `message` prefixes it with
 * the text that was wrong, e.g. `"p99<150": unknown aggregation "p99" ...`.
 */
export class ThresholdSyntaxError extends Error {
  constructor(
    readonly text: string,
    readonly reason: string,
    readonly part: ThresholdPart,
  ) {
    super(`"${text}": ${reason}`);
    this.name = 'ThresholdSyntaxError';
  }
}

const AGGREGATIONS: readonly Aggregation[] = ['avg', 'min', 'max', 'med', 'rate', 'count', 'rps'];
const AGGREGATION_LIST = 'avg, min, max, med, p(N), rate, count or rps';
const OPERATOR_LIST = '<, <=, >, >=, == or !=';
const NUMBER = /^\d+(?:\.\d+)?/;

/**
 * Parses one k6 threshold expression. The grammar (whitespace allowed between tokens):
 *
 * ```
 * expression  ::= aggregation operator number
 * aggregation ::= "avg" | "min" | "max" | "med" | "p(" number ")" | "rate" | "count" | "rps"
 * operator    ::= "<" | "<=" | ">" | ">=" | "==" | "===" | "!="
 * number      ::= digit+ ( "." digit+ )?
 * ```
 *
 * `p(N)` takes 0 <= N <= 100. Whether the aggregation fits a metric is checked by
 * {@link parseThreshold}. k6's object form `{ threshold: "..." }` is accepted too.
 */
export function parseThresholdExpression(threshold: Threshold): ThresholdExpression {
  const source = (typeof threshold === 'string' ? threshold : threshold.threshold).trim();
  const fail = (message: string): never => {
    throw new ThresholdSyntaxError(source, message, 'expression');
  };
  let rest = source;
  const agg = /^(?:p\s*\([^)]*\)|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest)?.[0] ?? '';
  let aggregation: Aggregation;
  let percentile: number | undefined;
  if (agg.startsWith('p') && agg.endsWith(')')) {
    const n = agg.slice(agg.indexOf('(') + 1, -1).trim();
    if (!/^\d+(?:\.\d+)?$/.test(n)) fail(`expected a number in p(N), e.g. p(99), got "${agg}"`);
    percentile = Number(n);
    if (percentile > 100) fail(`p(N) needs 0 <= N <= 100, got ${n}`);
    aggregation = 'p';
  } else if ((AGGREGATIONS as readonly string[]).includes(agg)) {
    aggregation = agg as Aggregation;
  } else {
    const hint = /^p\d+$/.test(agg) ? ` (did you mean p(${agg.slice(1)})?)` : '';
    return fail(
      agg
        ? `unknown aggregation "${agg}"${hint}; expected ${AGGREGATION_LIST}`
        : `expected an aggregation (${AGGREGATION_LIST}), then an operator and a number, e.g. p(99)<150`,
    );
  }
  rest = rest.slice(agg.length).trimStart();
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) {
    return fail(`expected an operator (${OPERATOR_LIST}) after "${agg}"`);
  }
  rest = rest.slice(op.length).trimStart();
  const num = NUMBER.exec(rest)?.[0];
  if (num === undefined) return fail(`expected a number after "${op}"`);
  rest = rest.slice(num.length);
  if (rest.trim()) fail(`unexpected "${rest.trim()}" after the number`);
  return { aggregation, ...(percentile === undefined ? {} : { percentile }), op, limit: Number(num), source };
}

/**
 * A comparison alone, an operator and a number (negative allowed), e.g. `<= 1.2` or `== 0` (a
 * metric check's `expect`); undefined when the text is not one.
 */
export function parseComparison(text: string): { op: Operator; limit: number; source: string } | undefined {
  const rest = text.trim();
  const op = OPERATORS.find((o) => rest.startsWith(o));
  const num = op === undefined ? '' : rest.slice(op.length).trim();
  if (op === undefined || !/^-?\d+(?:\.\d+)?$/.test(num)) return undefined;
  return { op, limit: Number(num), source: `${op} ${num}` };
}

/**
 * Parses a k6 metric key. The grammar (whitespace allowed around names and values):
 *
 * ```
 * key    ::= metric ( "{" tag ( "," tag )* "}" )?
 * metric ::= "http_req_duration" | "http_req_failed" | "http_reqs"
 * tag    ::= name ":" value
 * name   ::= "route" | "phase" | "fault" | "status"
 * value  ::= ( any character but "," and "}" )+
 * ```
 *
 * `phase` is `baseline`, `fault` or `recovery`; `status` an HTTP status code and only for
 * http_reqs and http_req_failed. Route and fault names are not checked here: they belong to a
 * scenario or a run.
 */
export function parseMetricKey(source: string): MetricKey {
  const fail = (message: string): never => {
    throw new ThresholdSyntaxError(source.trim(), message, 'key');
  };
  const m = /^\s*([^{}\s]*)\s*(?:\{([^{}]*)\})?\s*$/.exec(source);
  if (!m) return fail('expected metric{tag:value,...}, e.g. http_req_duration{route:catalog}');
  const name = m[1] ?? '';
  if (!isMetricName(name)) {
    return fail(`unknown metric "${name}"; expected one of ${METRIC_NAMES.join(', ')}`);
  }
  const def = METRICS[name];
  const tags: ThresholdTags = {};
  const seen = new Set<string>();
  for (const part of m[2] === undefined ? [] : m[2].split(',')) {
    const colon = part.indexOf(':');
    const tag = (colon < 0 ? part : part.slice(0, colon)).trim();
    const value = colon < 0 ? '' : part.slice(colon + 1).trim();
    if (!(TAG_NAMES as readonly string[]).includes(tag)) {
      fail(`unknown tag "${tag}"; expected ${TAG_NAMES.join(', ')}`);
    }
    if (!def.tags.includes(tag as TagName)) {
      fail(`tag ${tag} does not apply to ${name}; it takes ${def.tags.join(', ')}`);
    }
    if (!value) fail(`tag ${tag} needs a value, e.g. ${tag}:${exampleValue(tag as TagName)}`);
    if (seen.has(tag)) fail(`tag ${tag} is given twice`);
    seen.add(tag);
    setTag(tags, tag as TagName, value, fail);
  }
  return { metric: name, tags, source: source.trim() };
}

function setTag(tags: ThresholdTags, tag: TagName, value: string, fail: (m: string) => never): void {
  switch (tag) {
    case 'phase':
      if (!(PHASES as readonly string[]).includes(value)) {
        fail(`phase must be one of ${PHASES.join(', ')}, got "${value}"`);
      }
      tags.phase = value as Phase;
      return;
    case 'status': {
      const code = Number(value);
      if (!/^\d{3}$/.test(value) || code < 100 || code > 599) {
        fail(`status must be an HTTP status code from 100 to 599, got "${value}"`);
      }
      tags.status = code;
      return;
    }
    default:
      tags[tag] = value;
  }
}

function exampleValue(tag: TagName): string {
  return { route: 'catalog', phase: 'fault', fault: 'slow payments', status: '503' }[tag];
}

/** Parses a key and one of its expressions and checks that the aggregation fits the metric. */
export function parseThreshold(key: string, threshold: Threshold): ParsedThreshold {
  return bindExpression(parseMetricKey(key), parseThresholdExpression(threshold));
}

/** Pairs a parsed key with a parsed expression, checking that the aggregation fits the metric. */
export function bindExpression(key: MetricKey, expression: ThresholdExpression): ParsedThreshold {
  const def = METRICS[key.metric];
  if (!def.aggregations.includes(expression.aggregation)) {
    const expected = def.aggregations.map(aggregationLabel).join(', ');
    const hint =
      def.kind === 'counter' && expression.aggregation === 'rate'
        ? ' (k6 rate of a counter is rps here)'
        : '';
    throw new ThresholdSyntaxError(
      expression.source,
      `${key.metric} is ${def.description}: expected ${expected}, got ${describeAggregation(expression)}${hint}`,
      'expression',
    );
  }
  return { key, expression };
}

/**
 * One entry of a k6 threshold map after parsing: the metric key and its expressions, each
 * keeping the text it was parsed from (`source`), as k6's `Threshold` keeps `Source`.
 */
export interface ThresholdEntry {
  key: MetricKey;
  expressions: ThresholdExpression[];
}

/** A parsed k6 threshold map, by the key as written. */
export type ThresholdMap = Record<string, ThresholdEntry>;

/**
 * Parses a whole threshold map (scenario validation does this once; everything after it takes
 * the result). Throws the first {@link ThresholdSyntaxError}.
 */
export function parseThresholdMap(map: Readonly<Record<string, readonly Threshold[]>>): ThresholdMap {
  const out: ThresholdMap = {};
  for (const [written, expressions] of Object.entries(map)) {
    const key = parseMetricKey(written);
    out[written] = {
      key,
      expressions: expressions.map((e) => bindExpression(key, parseThresholdExpression(e)).expression),
    };
  }
  return out;
}

/** Each expression of each entry with its key, in the map's order. */
export function thresholdTerms(map: Readonly<ThresholdMap>): ParsedThreshold[] {
  return Object.values(map).flatMap(({ key, expressions }) =>
    expressions.map((expression) => ({ key, expression })),
  );
}

/** `p(99)` for a percentile, the aggregation name otherwise. */
export function describeAggregation(e: Pick<ThresholdExpression, 'aggregation' | 'percentile'>): string {
  return e.aggregation === 'p' ? `p(${e.percentile ?? 0})` : e.aggregation;
}

/** Compares a measured value with a limit. */
export function compare(measured: number, op: Operator, limit: number): boolean {
  switch (op) {
    case '<':
      return measured < limit;
    case '<=':
      return measured <= limit;
    case '>':
      return measured > limit;
    case '>=':
      return measured >= limit;
    case '==':
    case '===':
      return measured === limit;
    case '!=':
      return measured !== limit;
  }
}
