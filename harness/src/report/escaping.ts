/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Serializes a value as JSON safe to embed in `<script type="application/json">`: `<` becomes
 * `\u003c`, so no string can close the tag or open a comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Characters outside XML 1.0's `Char` production, including lone surrogates. */
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters that XML 1.0 does not allow anywhere, even escaped. */
export function stripInvalidXml(text: string): string {
  return text.replace(INVALID_XML, '');
}

/** Escapes text for XML element content or a double-quoted attribute; keeps newlines in attributes. */
export function escapeXml(text: string): string {
  return stripInvalidXml(text).replace(/[&<>"'\n\r\t]/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

/**
 * Escapes text for one cell of a GitHub-flavoured Markdown table: HTML is neutralized, `|` cannot
 * end the cell, line breaks become `<br>`, and Markdown emphasis characters stay literal.
 */
export function escapeMarkdownCell(text: string): string {
  const literal = text.replace(/\\/g, '\\\\').replace(/([|*_`[\]~])/g, '\\$1');
  return escapeHtml(literal).replace(/\r?\n/g, '<br>');
}

/** Escapes text for Markdown outside tables (a heading or a paragraph). */
export function escapeMarkdownText(text: string): string {
  const literal = text.replace(/\\/g, '\\\\').replace(/([|*_`[\]~#])/g, '\\$1');
  return escapeHtml(literal).replace(/\r?\n/g, ' ');
}
