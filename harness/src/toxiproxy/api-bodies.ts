import { ApiError } from './api-error.js';
import {
  GoJsonError,
  JsonNumber,
  JsonObject,
  type JsonValue,
  decodeBool,
  decodeFloat32,
  decodeInt,
  decodeString,
  forEachField,
  parseGoJson,
  typeError,
} from './go-json.js';
import type { PopulateItem } from './proxy-collection.js';
import type { ProxyFields } from './proxy.js';
import { isHttpSpec, type Direction, type HttpToxicSpec, type ToxicSpec } from './toxic-spec.js';
import {
  AttributeError,
  isHttpToxicType,
  toxicType,
  toxicTypes,
  type HttpSelection,
  type HttpToxicType,
  type ToxicAttributes,
  type ToxicType,
} from './toxics/index.js';

/** Runs a decode step, turning Go decode failures into `400 bad request body: ...`. */
function decoding<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof GoJsonError) throw ApiError.badBody(err.message);
    throw err;
  }
}

/** The top-level value must be an object (or null, which changes nothing). */
function topObject(text: string, goType: string): JsonObject | null {
  const v = parseGoJson(text);
  if (v === null || v instanceof JsonObject) return v;
  throw typeError(v, `Go value of type ${goType}`);
}

const proxyKeys = ['name', 'listen', 'upstream', 'enabled'] as const;

function decodeProxyFields(
  obj: JsonObject | null,
  into: { name: string } & ProxyFields,
  struct: string,
): void {
  if (!obj) return;
  forEachField(obj, proxyKeys, (field, v) => {
    const target = `Go struct field ${struct}.${field}`;
    if (field === 'enabled') into.enabled = decodeBool(v, target) ?? into.enabled;
    else into[field as 'name' | 'listen' | 'upstream'] = decodeString(v, target) ?? into[field as 'name'];
  });
}

/** POST /proxies: name and upstream required, `enabled` defaults to true. */
export function decodeProxyCreate(text: string): { name: string } & ProxyFields {
  const input = { name: '', listen: '', upstream: '', enabled: true };
  decoding(() => decodeProxyFields(topObject(text, 'toxiproxy.Proxy'), input, 'Proxy'));
  if (input.name === '') throw ApiError.missingField('name');
  if (input.upstream === '') throw ApiError.missingField('upstream');
  return input;
}

/** POST|PATCH /proxies/{proxy}: missing fields keep the current values; `name` is ignored. */
export function decodeProxyUpdate(text: string, current: ProxyFields): ProxyFields {
  const input = { name: '', ...current };
  decoding(() => decodeProxyFields(topObject(text, 'toxiproxy.Proxy'), input, 'Proxy'));
  return { listen: input.listen, upstream: input.upstream, enabled: input.enabled };
}

const populateGoType =
  '[]struct { Name string "json:\\"name\\""; Listen string "json:\\"listen\\""; Upstream string "json:\\"upstream\\""; Enabled *bool "json:\\"enabled\\"" }';

/** POST /populate and config files: an array of proxies, `enabled` defaulting to true. */
export function decodePopulate(text: string): PopulateItem[] {
  return decoding(() => {
    const v = parseGoJson(text);
    if (v === null) return [];
    if (!Array.isArray(v)) throw typeError(v, `Go value of type ${populateGoType}`);
    return v.map((item: JsonValue) => {
      const input = { name: '', listen: '', upstream: '', enabled: true };
      if (item === null) return input;
      if (!(item instanceof JsonObject)) throw typeError(item, `Go value of type ${populateGoType.slice(2)}`);
      decodeProxyFields(item, input, '');
      return input;
    });
  });
}

function decodeAttributes(v: JsonValue, type: ToxicType, base: ToxicAttributes): ToxicAttributes {
  const attrs: ToxicAttributes = { ...base };
  if (v === null) return attrs;
  if (!(v instanceof JsonObject))
    throw typeError(v, `Go struct field ${type.goName}.attributes of type toxics.${type.goName}`);
  const kinds = new Map(type.attributes);
  forEachField(v, [...kinds.keys()], (field, fv) => {
    const kind = kinds.get(field) ?? 'int64';
    attrs[field] =
      decodeInt(fv, `Go struct field ${type.goName}.attributes.${field}`, kind) ?? attrs[field] ?? 0;
  });
  return attrs;
}

/** A decoded JSON value as plain JavaScript (numbers as numbers; a repeated key: the last wins). */
function plain(v: JsonValue): unknown {
  if (v instanceof JsonNumber) return Number(v.raw);
  if (v instanceof JsonObject) return Object.fromEntries(v.entries.map(([k, e]) => [k, plain(e)]));
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

/** An HTTP toxic's attributes, onto `base`; anything unknown or out of range is a 400. */
function decodeHttpAttributes(
  v: JsonValue,
  type: HttpToxicType,
  base: HttpSelection | undefined,
): HttpSelection {
  try {
    return type.decode(plain(v), base);
  } catch (err) {
    if (err instanceof AttributeError) throw ApiError.badBody(`${type.type}: ${err.message}`);
    throw err;
  }
}

function validated(type: ToxicType, attrs: ToxicAttributes): ToxicAttributes {
  const problem = type.validate?.(attrs);
  if (problem) throw ApiError.badBody(problem);
  return attrs;
}

function parseDirection(stream: string): Direction | undefined {
  const s = stream.toLowerCase();
  return s === 'upstream' || s === 'downstream' ? s : undefined;
}

/**
 * POST /proxies/{proxy}/toxics, checked in Toxiproxy's order: JSON, stream, type, (the caller
 * checks the name is free), attributes. Defaults: stream "downstream", toxicity 1, name
 * "<type>_<stream>" with the stream as sent.
 */
export function decodeToxicCreate(text: string, nameTaken: (name: string) => boolean): ToxicSpec {
  const input = { name: '', type: '', stream: 'downstream', toxicity: 1 };
  let attributes: JsonValue = null;
  decoding(() => {
    const obj = topObject(text, 'toxics.ToxicWrapper');
    if (!obj) return;
    forEachField(obj, ['name', 'type', 'stream', 'toxicity', 'attributes'], (field, v) => {
      const target = `Go struct field ToxicWrapper.${field}`;
      if (field === 'toxicity') input.toxicity = decodeFloat32(v, target) ?? input.toxicity;
      else if (field === 'attributes') {
        if (v !== null && !(v instanceof JsonObject)) throw typeError(v, `${target} of type toxics.Toxic`);
        attributes = v;
      } else input[field as 'name' | 'type' | 'stream'] = decodeString(v, target) ?? input[field as 'name'];
    });
  });
  const direction = parseDirection(input.stream);
  if (!direction) throw ApiError.invalidStream();
  const name = input.name || `${input.type}_${input.stream}`;
  const type = toxicType(input.type);
  if (!type) throw ApiError.invalidToxicType([...toxicTypes.keys()]);
  if (nameTaken(name)) throw ApiError.toxicExists();
  const common = { name, stream: input.stream, direction, toxicity: input.toxicity };
  if (isHttpToxicType(type)) {
    const counters = { matched: 0, acted: 0 };
    return { ...common, type, attributes: decodeHttpAttributes(attributes, type, undefined), counters };
  }
  const attrs = decoding(() => decodeAttributes(attributes, type, {}));
  return { ...common, type, attributes: validated(type, attrs) };
}

/** POST|PATCH /proxies/{proxy}/toxics/{toxic}: a partial update of attributes and toxicity only. */
export function decodeToxicUpdate(text: string, current: ToxicSpec): ToxicSpec {
  if (isHttpSpec(current)) return decodeHttpToxicUpdate(text, current);
  let toxicity = current.toxicity;
  let attrs = current.attributes;
  decoding(() => {
    const obj = topObject(
      text,
      'struct { Attributes interface {} "json:\\"attributes\\""; Toxicity float32 "json:\\"toxicity\\"" }',
    );
    if (!obj) return;
    forEachField(obj, ['attributes', 'toxicity'], (field, v) => {
      if (field === 'toxicity') toxicity = decodeFloat32(v, 'Go struct field .toxicity') ?? toxicity;
      else attrs = decodeAttributes(v, current.type, attrs);
    });
  });
  return { ...current, toxicity, attributes: validated(current.type, attrs) };
}

/** The same for an HTTP toxic: its counters carry over. */
function decodeHttpToxicUpdate(text: string, current: HttpToxicSpec): HttpToxicSpec {
  let toxicity = current.toxicity;
  let attributes: JsonValue | undefined;
  decoding(() => {
    const obj = topObject(
      text,
      'struct { Attributes interface {} "json:\\"attributes\\""; Toxicity float32 "json:\\"toxicity\\"" }',
    );
    if (!obj) return;
    forEachField(obj, ['attributes', 'toxicity'], (field, v) => {
      if (field === 'toxicity') toxicity = decodeFloat32(v, 'Go struct field .toxicity') ?? toxicity;
      else attributes = v;
    });
  });
  const attrs =
    attributes === undefined
      ? current.attributes
      : decodeHttpAttributes(attributes, current.type, current.attributes);
  return { ...current, toxicity, attributes: attrs };
}
