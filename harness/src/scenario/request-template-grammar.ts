/**
 * The grammar of request templates, defined once: scenario validation checks a route with it and
 * the load engine compiles the same parts into requests.
 *
 * ```
 * text        ::= ( literal | placeholder )*
 * placeholder ::= "{{" ws? variable ( ws argument )? ws? "}}"
 * variable    ::= "seq" | "uuid" | "random_id"      (no argument)
 *               | "pick"                            (argument: items separated by ",", none empty)
 * ```
 *
 * `{{` not followed by a lower-case name and `}}` is literal text.
 */

/** The variables a template may use; `{{pick a,b,c}}` takes one of its comma-separated items. */
export const TEMPLATE_VARIABLES = ['seq', 'uuid', 'random_id', 'pick'] as const;

/** A piece of a parsed template: literal text or a variable to fill per request. */
export type TemplatePart =
  string | { variable: 'seq' | 'uuid' | 'random_id' } | { variable: 'pick'; items: string[] };

/** A placeholder that is not in the grammar; `message` names it and says what to write. */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly placeholder: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'TemplateSyntaxError';
  }
}

const PLACEHOLDER = /\{\{\s*([a-z_]+)(?:\s+([^}]*?))?\s*\}\}/g;

/** Parses a template text; throws {@link TemplateSyntaxError} at the first bad placeholder. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(variable(m[0], m[1] ?? '', m[2]));
    last = m.index + m[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push(text.slice(last));
  return parts;
}

function variable(written: string, name: string, arg: string | undefined): TemplatePart {
  switch (name) {
    case 'seq':
    case 'uuid':
    case 'random_id':
      if (arg)
        throw new TemplateSyntaxError(written, `${written}: {{${name}}} takes no argument, got "${arg}"`);
      return { variable: name };
    case 'pick': {
      const items = (arg ?? '').split(',').map((s) => s.trim());
      if (!arg || items.some((s) => s === '')) {
        throw new TemplateSyntaxError(written, `${written}: {{pick}} needs a list like {{pick a,b,c}}`);
      }
      return { variable: 'pick', items };
    }
    default:
      throw new TemplateSyntaxError(
        written,
        `unknown template variable ${written}; use one of ${TEMPLATE_VARIABLES.map((n) => `{{${n}}}`).join(', ')}`,
      );
  }
}

/**
 * Text a filled-in template can contain besides what the variables generate (digits, hex and
 * dashes): its literal parts and the items of its picks.
 */
export function literalTexts(parts: readonly TemplatePart[]): string[] {
  return parts.flatMap((p) => (typeof p === 'string' ? [p] : p.variable === 'pick' ? p.items : []));
}

/** Characters a request target cannot carry as bytes on the wire (Node's and undici's own rule). */
export const NOT_IN_PATH = /[^\u0021-\u00ff]/;
/** Characters a header value cannot carry: controls (but tab) and anything beyond Latin-1. */
export const NOT_IN_HEADER_VALUE = /[^\t\u0020-\u007e\u0080-\u00ff]/;
