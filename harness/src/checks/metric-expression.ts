/**
 * A small arithmetic language over the services' observed Prometheus samples, in PromQL's
 * spelling, for checks that a load generator cannot see: retries per call, events placed but
 * never consumed, a backlog that drains.
 *
 * ```
 * expr     ::= term (("+" | "-") term)*
 * term     ::= unary (("*" | "/") unary)*
 * unary    ::= "-" unary | primary
 * primary  ::= number | "(" expr ")" | function "(" selector ")"
 * function ::= "increase" | "last" | "max" | "min"
 * selector ::= metric_name ("{" matcher ("," matcher)* "}")?
 * matcher  ::= label ("=" | "!=" | "=~" | "!~") quoted_string
 * ```
 *
 * The label `service` selects the mesh service that was scraped (as the mesh file names it), not
 * a label of the sample. Every selector sits inside a function, so what a value means over time
 * is always written out.
 */

export type MetricFunction = 'increase' | 'last' | 'max' | 'min';
export const METRIC_FUNCTIONS: readonly MetricFunction[] = ['increase', 'last', 'max', 'min'];

export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface SeriesSelector {
  metric: string;
  matchers: LabelMatcher[];
  /** As written, for evidence. */
  source: string;
}

export type MetricExpr =
  | { kind: 'number'; value: number }
  | { kind: 'call'; fn: MetricFunction; selector: SeriesSelector }
  | { kind: 'negate'; operand: MetricExpr }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: MetricExpr; right: MetricExpr };

/** A syntax error at `column` (1-based) of the expression. */
export class MetricExpressionError extends Error {
  constructor(
    readonly reason: string,
    readonly column: number,
  ) {
    super(`column ${column}: ${reason}`);
    this.name = 'MetricExpressionError';
  }
}

const METRIC_NAME = /[A-Za-z_:][A-Za-z0-9_:]*/y;
const LABEL_NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MATCH_OPS = ['=~', '!~', '!=', '='] as const;

/** Parses an expression; throws {@link MetricExpressionError} naming the column. */
export function parseMetricExpression(text: string): MetricExpr {
  const p = new Parser(text);
  const expr = p.expr();
  p.skipSpace();
  if (!p.atEnd()) p.fail(`unexpected "${p.rest().slice(0, 12)}"; expected an operator (+ - * /) or the end`);
  return expr;
}

/** Every selector of an expression, in order. */
export function selectorsOf(expr: MetricExpr): SeriesSelector[] {
  switch (expr.kind) {
    case 'number':
      return [];
    case 'call':
      return [expr.selector];
    case 'negate':
      return selectorsOf(expr.operand);
    case 'binary':
      return [...selectorsOf(expr.left), ...selectorsOf(expr.right)];
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  expr(): MetricExpr {
    let left = this.term();
    for (let op = this.operator('+-'); op; op = this.operator('+-')) {
      left = { kind: 'binary', op: op as '+' | '-', left, right: this.term() };
    }
    return left;
  }

  private term(): MetricExpr {
    let left = this.unary();
    for (let op = this.operator('*/'); op; op = this.operator('*/')) {
      left = { kind: 'binary', op: op as '*' | '/', left, right: this.unary() };
    }
    return left;
  }

  private unary(): MetricExpr {
    this.skipSpace();
    if (this.text[this.pos] === '-') {
      this.pos++;
      return { kind: 'negate', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): MetricExpr {
    this.skipSpace();
    if (this.text[this.pos] === '(') {
      this.pos++;
      const inner = this.expr();
      this.expect(')');
      return inner;
    }
    const number = this.match(NUMBER);
    if (number !== undefined) return { kind: 'number', value: Number(number) };
    const start = this.pos;
    const word = this.match(METRIC_NAME);
    if (word === undefined)
      this.fail('expected a number, "(" or a function like increase(metric{label="value"})');
    if (!(METRIC_FUNCTIONS as readonly string[]).includes(word)) {
      this.pos = start;
      this.fail(`expected one of ${METRIC_FUNCTIONS.join(', ')} around the metric, e.g. increase(${word})`);
    }
    this.expect('(');
    const selector = this.selector();
    this.expect(')');
    return { kind: 'call', fn: word as MetricFunction, selector };
  }

  private selector(): SeriesSelector {
    this.skipSpace();
    const start = this.pos;
    const metric = this.match(METRIC_NAME);
    if (metric === undefined) this.fail('expected a metric name');
    const matchers: LabelMatcher[] = [];
    this.skipSpace();
    if (this.text[this.pos] === '{') {
      this.pos++;
      this.skipSpace();
      while (this.text[this.pos] !== '}') {
        matchers.push(this.matcher());
        this.skipSpace();
        if (this.text[this.pos] === ',') this.pos++;
        else if (this.text[this.pos] !== '}') this.fail('expected "," or "}" after a label matcher');
        this.skipSpace();
      }
      this.pos++;
    }
    return { metric, matchers, source: this.text.slice(start, this.pos).trim() };
  }

  private matcher(): LabelMatcher {
    const label = this.match(LABEL_NAME);
    if (label === undefined) this.fail('expected a label name');
    this.skipSpace();
    const op = MATCH_OPS.find((o) => this.text.startsWith(o, this.pos));
    if (!op) this.fail(`expected =, !=, =~ or !~ after label "${label}"`);
    this.pos += op.length;
    this.skipSpace();
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'")
      this.fail(`expected a quoted value for label "${label}", e.g. ${label}="x"`);
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) this.fail('unterminated label value');
    const value = this.text.slice(this.pos + 1, end);
    if (op.endsWith('~')) {
      try {
        new RegExp(value);
      } catch {
        this.fail(`"${value}" is not a valid regular expression`);
      }
    }
    this.pos = end + 1;
    return { label, op, value };
  }

  private operator(ops: string): string | undefined {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined || !ops.includes(c)) return undefined;
    this.pos++;
    return c;
  }

  private expect(c: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== c) this.fail(`expected "${c}"`);
    this.pos++;
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  skipSpace(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t' || this.text[this.pos] === '\n')
      this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  rest(): string {
    return this.text.slice(this.pos);
  }

  fail(reason: string): never {
    throw new MetricExpressionError(reason, this.pos + 1);
  }
}
