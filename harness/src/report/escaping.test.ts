import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  escapeMarkdownCell,
  escapeMarkdownText,
  escapeXml,
  jsonForScript,
  stripInvalidXml,
} from './escaping.js';

describe('escapeHtml', () => {
  it('escapes markup and both quote kinds', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('jsonForScript', () => {
  it('cannot close its script tag or open a comment, and parses back to the same value', () => {
    const value = { name: '</script><script>alert(1)</script>', c: '<!-- x', ls: '\u2028' };
    const json = jsonForScript(value);
    expect(json).not.toContain('<');
    expect(json).not.toContain('\u2028');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('XML', () => {
  it('strips characters XML 1.0 forbids, keeping tabs, newlines and astral characters', () => {
    expect(stripInvalidXml('a\u0000b\u0008c\u001fd\ufffee\ud800f\tg\nh😀')).toBe('abcdef\tg\nh😀');
  });

  it('escapes markup, quotes and line breaks for attributes', () => {
    expect(escapeXml(`<"a" & 'b'>\nc\u0007`)).toBe('&lt;&quot;a&quot; &amp; &apos;b&apos;&gt;&#10;c');
  });
});

describe('Markdown', () => {
  it('keeps a table cell in its cell and its HTML inert', () => {
    expect(escapeMarkdownCell('a|b <img src=x> *c*\nd')).toBe('a\\|b &lt;img src=x&gt; \\*c\\*<br>d');
  });

  it('does not break the entities it produces', () => {
    expect(escapeMarkdownText("# it's _x_")).toBe('\\# it&#39;s \\_x\\_');
  });
});
