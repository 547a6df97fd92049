import { describe, expect, it } from 'vitest';
import { JsonNumber, JsonObject, decodeInt, parseGoJson } from './go-json.js';

function errorOf(text: string): string {
  try {
    parseGoJson(text);
    return 'no error';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('parseGoJson', () => {
  it('reports syntax errors in Go’s words', () => {
    expect(errorOf('')).toBe('EOF');
    expect(errorOf('  \n')).toBe('EOF');
    expect(errorOf('{')).toBe('unexpected EOF');
    expect(errorOf('{"a":1')).toBe('unexpected EOF');
    expect(errorOf('{bad')).toBe("invalid character 'b' looking for beginning of object key string");
    expect(errorOf('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(errorOf('{"a":1 "b":2}')).toBe("invalid character '\"' after object key:value pair");
    expect(errorOf('[1 2]')).toBe("invalid character '2' after array element");
    expect(errorOf('x')).toBe("invalid character 'x' looking for beginning of value");
    expect(errorOf('tru')).toBe('unexpected EOF');
    expect(errorOf('trux')).toBe("invalid character 'x' in literal true (expecting 'e')");
    expect(errorOf('"a\nb"')).toBe("invalid character '\\n' in string literal");
    expect(errorOf('"\\q"')).toBe("invalid character 'q' in string escape code");
    expect(errorOf('-x')).toBe("invalid character 'x' in numeric literal");
    expect(errorOf('1.x')).toBe("invalid character 'x' after decimal point in numeric literal");
    expect(errorOf("{'a':1}")).toBe("invalid character '\\'' looking for beginning of object key string");
  });

  it('reads only the first value, keeping key order and number literals', () => {
    const v = parseGoJson('{"b":1.50,"a":[true,null,"\\u00e9"]} trailing garbage');
    expect(v).toBeInstanceOf(JsonObject);
    const entries = (v as JsonObject).entries;
    expect(entries.map(([k]) => k)).toEqual(['b', 'a']);
    expect((entries[0]?.[1] as JsonNumber).raw).toBe('1.50');
    expect(entries[1]?.[1]).toEqual([true, null, 'é']);
  });
});

describe('decodeInt', () => {
  const target = 'Go struct field LatencyToxic.attributes.latency';
  it('accepts integers, keeps the field for null, refuses floats, strings and overflow', () => {
    expect(decodeInt(new JsonNumber('-42'), target, 'int64')).toBe(-42);
    expect(decodeInt(null, target, 'int64')).toBeUndefined();
    expect(() => decodeInt(new JsonNumber('1e2'), target, 'int64')).toThrow(
      `json: cannot unmarshal number 1e2 into ${target} of type int64`,
    );
    expect(() => decodeInt('5', target, 'int64')).toThrow(
      `json: cannot unmarshal string into ${target} of type int64`,
    );
    expect(() => decodeInt(new JsonNumber('9223372036854775808'), target, 'int64')).toThrow(
      'number 9223372036854775808',
    );
  });
});
