/**
 * Renders the scenario reference of docs/authoring.md from the published JSON Schema: one table
 * per mapping (top level, load, a route, each fault type, checks) with each key, whether it is
 * required, its default, description and example. The test that compares it with the docs
 * rewrites the docs when UPDATE_DOCS=1.
 */
interface Node {
  type?: string;
  description?: string;
  examples?: unknown[];
  default?: unknown;
  pattern?: string;
  const?: unknown;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
  additionalProperties?: Node | boolean;
}

export const REFERENCE_BEGIN =
  '<!-- reference:begin (generated from harness/schema/scenario.schema.json) -->';
export const REFERENCE_END = '<!-- reference:end -->';

export function renderReference(schema: Node): string {
  const root = schema.properties ?? {};
  const sections: string[] = [table('Top level', schema)];
  if (root['load']) sections.push(table('`load`', root['load']));
  const route = root['load']?.properties?.['routes']?.items;
  if (route) sections.push(table('A route (`load.routes[]`)', route));
  for (const fault of root['faults']?.items?.oneOf ?? root['faults']?.items?.anyOf ?? []) {
    const type = fault.properties?.['type']?.const;
    sections.push(table(`Fault \`type: ${String(type)}\``, fault, 'type'));
  }
  if (root['checks']) sections.push(table('`checks`', root['checks']));
  return sections.join('\n\n');
}

function table(title: string, node: Node, skip?: string): string {
  const rows = Object.entries(node.properties ?? {})
    .filter(([key]) => key !== skip)
    .map(([key, field]) => {
      const required = node.required?.includes(key) ? 'yes' : 'no';
      const def = field.default === undefined ? '' : `\`${JSON.stringify(field.default)}\``;
      const example = field.examples?.[0] === undefined ? '' : `\`${inline(field.examples[0])}\``;
      return `| \`${key}\` | ${required} | ${def} | ${cellText(field.description ?? kind(field))} | ${example} |`;
    });
  const intro = node.description ? `${cellText(node.description)}.\n\n` : '';
  return `### ${title}\n\n${intro}| key | required | default | meaning | example |\n|---|---|---|---|---|\n${rows.join('\n')}`;
}

function kind(n: Node): string {
  if (n.type === 'array') return 'a list';
  if (n.type === 'object') return 'a mapping';
  return n.type ?? (n.anyOf ? n.anyOf.map(kind).join(' or ') : 'a value');
}

function inline(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${typeof x === 'string' ? x : JSON.stringify(x)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(v);
}

function cellText(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
