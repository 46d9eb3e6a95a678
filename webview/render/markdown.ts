/**
 * Markdown → HTML for messages. markdown-it with raw HTML off (a model's
 * `<script>` is shown as text), images off (the CSP blocks remote images
 * anyway; a broken image helps nobody, the alt text and link stay), links
 * limited by markdown-it's own URL check. The result is still passed
 * through `sanitize.ts` before it reaches the DOM: defence in depth.
 *
 * DOM-free, so it runs under Node in unit tests.
 */
import MarkdownIt from 'markdown-it';
import { highlightCode } from './highlight';

function create(options: { breaks: boolean }) {
  const md = new MarkdownIt({
    html: false,
    linkify: true,
    breaks: options.breaks,
    typographer: false,
    // markdown-it escapes the code itself when this returns ''.
    highlight: (code, language) => highlightCode(code, language.split(/\s+/)[0] ?? '') ?? '',
  });
  md.disable('image');
  return md;
}

/** Agent replies: CommonMark line breaks (a lone newline is a space), as models expect. */
const agent = create({ breaks: false });
/** User prompts: typed in a textarea, where a newline means a new line. */
const user = create({ breaks: true });

export function renderMarkdown(text: string, flavour: 'agent' | 'user' = 'agent'): string {
  return (flavour === 'user' ? user : agent).render(text);
}
