import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlightCode } from '../../webview/render/highlight';
import { renderMarkdown } from '../../webview/render/markdown';

describe('markdown', () => {
  it('shows raw HTML from the model as text', () => {
    const html = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror=alert(1)>');
    assert.doesNotMatch(html, /<script|<img/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('does not link javascript: URLs', () => {
    assert.doesNotMatch(renderMarkdown('[click](javascript:alert(1))'), /href="javascript:/);
  });

  it('links http URLs, including bare ones', () => {
    assert.match(renderMarkdown('[docs](https://example.com/a)'), /<a href="https:\/\/example\.com\/a">docs<\/a>/);
    assert.match(renderMarkdown('see https://example.com'), /<a href="https:\/\/example\.com">/);
  });

  it('shows an image as its text, not as a remote image the CSP would block', () => {
    const html = renderMarkdown('![diagram](https://example.com/d.png)');
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /diagram/);
  });

  it('highlights fenced code in a known language and escapes unknown ones', () => {
    const html = renderMarkdown('```ts\nconst a: number = 1;\n```\n\n```brainfuck\n<+>\n```');
    assert.match(html, /<pre><code class="language-ts"><span class="hljs-keyword">const<\/span>/);
    assert.match(html, /<code class="language-brainfuck">&lt;\+&gt;/);
  });

  it('keeps line breaks in user prompts but not in agent replies', () => {
    assert.match(renderMarkdown('a\nb', 'user'), /a<br>\nb/);
    assert.doesNotMatch(renderMarkdown('a\nb', 'agent'), /<br>/);
  });

  it('knows the usual fence labels and declines the rest', () => {
    for (const language of ['ts', 'tsx', 'js', 'python', 'py', 'sh', 'bash', 'console', 'json', 'yaml', 'diff', 'html', 'css', 'rust', 'go', 'toml', 'sql']) {
      assert.notEqual(highlightCode('x', language), null, language);
    }
    assert.equal(highlightCode('x', 'cobol'), null);
    assert.equal(highlightCode('x', ''), null);
  });
});
