/**
 * JSON decoding that fails like Go's encoding/json, so that error bodies match Toxiproxy's
 * `bad request body: <Go error>`: only the first value of the body is read (trailing bytes are
 * ignored, as json.Decoder does), numbers keep their literal text so `100.5` or `1e2` can be
 * refused for an integer field, and keys match struct fields case-insensitively.
 */

/** A JSON number with its literal text. */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

/** A JSON object with its keys in order (duplicates kept: the last one wins when decoding). */
export class JsonObject {
  constructor(readonly entries: [string, JsonValue][]) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

/** A decode failure; `message` is Go's error text. */
export class GoJsonError extends Error {}

/** Go's quoteChar: `'b'`, `'\n'`, `'"'`. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const escapes: Record<string, string> = {
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\b': '\\b',
    '\f': '\\f',
    '\v': '\\v',
    '\x07': '\\a',
    '\\': '\\\\',
  };
  const code = c.charCodeAt(0);
  const shown = escapes[c] ?? (code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c);
  return `'${shown}'`;
}

/** Parses the first JSON value of `text` with Go's syntax error messages. */
export function parseGoJson(text: string): JsonValue {
  let i = 0;
  const fail = (context: string): never => {
    if (i >= text.length) throw new GoJsonError('unexpected EOF');
    throw new GoJsonError(`invalid character ${quoteChar(text[i] ?? '')} ${context}`);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
  };
  const literal = (word: string): void => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (text[i] !== word[k]) fail(`in literal ${word} (expecting ${quoteChar(word[k] ?? '')})`);
    }
    i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('');
      if (c === '"') break;
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('in \\u hexadecimal character escape');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) fail('in string escape code');
      } else if ((c?.charCodeAt(0) ?? 0) < 0x20) fail('in string literal');
      i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const digits = (context: string): void => {
    if (!/[0-9]/.test(text[i] ?? '')) fail(context);
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const number = (): JsonNumber => {
    const start = i;
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits('in numeric literal');
    if (text[i] === '.') {
      i++;
      digits('after decimal point in numeric literal');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits('in exponent of numeric literal');
    }
    return new JsonNumber(text.slice(start, i));
  };
  const value = (): JsonValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, JsonValue][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return new JsonObject(entries);
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('looking for beginning of object key string');
        const key = string();
        ws();
        if (text[i] !== ':') fail('after object key');
        i++;
        entries.push([key, value()]);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return new JsonObject(entries);
        } else fail('after object key:value pair');
      }
    }
    if (c === '[') {
      i++;
      const items: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return items;
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return items;
        } else fail('after array element');
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    if (c === 't') return (literal('true'), true);
    if (c === 'f') return (literal('false'), false);
    if (c === 'n') return (literal('null'), null);
    return fail('looking for beginning of value');
  };
  ws();
  if (i >= text.length) throw new GoJsonError('EOF');
  return value();
}

/** How Go names a JSON value's kind in "cannot unmarshal <kind>". */
export function kindOf(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (v instanceof JsonNumber) return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** `json: cannot unmarshal <kind> into <target>`; target like `Go struct field Proxy.name of type string`. */
export function typeError(v: JsonValue, target: string, withLiteral = false): GoJsonError {
  const kind = withLiteral && v instanceof JsonNumber ? `number ${v.raw}` : kindOf(v);
  return new GoJsonError(`json: cannot unmarshal ${kind} into ${target}`);
}

/** Calls `assign` for every key that matches a field (exact, else case-insensitive), in body order. */
export function forEachField(
  obj: JsonObject,
  fields: readonly string[],
  assign: (field: string, v: JsonValue) => void,
): void {
  for (const [key, v] of obj.entries) {
    const field = fields.find((f) => f === key) ?? fields.find((f) => f.toLowerCase() === key.toLowerCase());
    if (field !== undefined) assign(field, v);
  }
}

export function decodeString(v: JsonValue, target: string): string | undefined {
  if (v === null) return undefined;
  if (typeof v !== 'string') throw typeError(v, `${target} of type string`);
  return v;
}

export function decodeBool(v: JsonValue, target: string): boolean | undefined {
  if (v === null) return undefined;
  if (typeof v !== 'boolean') throw typeError(v, `${target} of type bool`);
  return v;
}

const intRange = { int: 64, int64: 64 } as const;

/** An integer field (`int`/`int64` are both 64-bit on Toxiproxy's platforms). */
export function decodeInt(v: JsonValue, target: string, kind: 'int' | 'int64'): number | undefined {
  if (v === null) return undefined;
  if (!(v instanceof JsonNumber)) throw typeError(v, `${target} of type ${kind}`);
  const bits = BigInt(intRange[kind] - 1);
  if (!/^-?\d+$/.test(v.raw) || BigInt(v.raw) >= 2n ** bits || BigInt(v.raw) < -(2n ** bits)) {
    throw typeError(v, `${target} of type ${kind}`, true);
  }
  return Number(v.raw);
}

export function decodeFloat32(v: JsonValue, target: string): number | undefined {
  if (v === null) return undefined;
  if (!(v instanceof JsonNumber)) throw typeError(v, `${target} of type float32`);
  const n = Number(v.raw);
  if (!Number.isFinite(n) || Math.abs(n) > 3.4028234663852886e38)
    throw typeError(v, `${target} of type float32`, true);
  return n;
}
