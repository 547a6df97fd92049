import type { ToxicAttributes, ToxicType } from './toxics/index.js';

/** The two links of a connection: upstream = client→server, downstream = server→client. */
export type Direction = 'upstream' | 'downstream';

/** A toxic as configured on a proxy (what the API shows), shared by every link it runs on. */
export interface ToxicSpec {
  readonly name: string;
  readonly type: ToxicType;
  /** The stream exactly as the client sent it (`"UPSTREAM"` stays upper-case in responses). */
  readonly stream: string;
  readonly direction: Direction;
  readonly toxicity: number;
  readonly attributes: ToxicAttributes;
}

/** The toxic's JSON, key order as Toxiproxy: attributes, name, type, stream, toxicity. */
export function toxicJson(spec: ToxicSpec): Record<string, unknown> {
  const attributes: Record<string, number> = {};
  for (const [name] of spec.type.attributes) attributes[name] = spec.attributes[name] ?? 0;
  return {
    attributes,
    name: spec.name,
    type: spec.type.type,
    stream: spec.stream,
    toxicity: spec.toxicity,
  };
}
