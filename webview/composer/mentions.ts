/**
 * `@` file mentions in the prompt text. Typing `@` at the start of a word
 * opens the file picker with what follows as its query; picking a file
 * replaces that word with `@<path> `. On send, the picked paths still
 * present in the text go out as `send.mentions`. An `@` inside a word (an
 * e-mail address) is not a mention. Pure (unit-tested).
 */

/** The `@word` around the caret: `text.slice(start, end)` is `@` + `query` + anything after the caret up to whitespace. */
export interface MentionQuery {
  start: number;
  end: number;
  query: string;
}

const BOUNDARY = /[\s([{"'`]/;

export function findMentionQuery(text: string, caret: number): MentionQuery | null {
  if (caret < 1 || caret > text.length) return null;
  let start = caret;
  while (start > 0 && !/\s/.test(text[start - 1])) start--;
  // Allow an opening bracket or quote before the @: "(@src/a.ts)".
  while (start < caret && BOUNDARY.test(text[start]) && text[start] !== '@') start++;
  if (text[start] !== '@') return null;
  if (start > 0 && !BOUNDARY.test(text[start - 1])) return null;
  const query = text.slice(start + 1, caret);
  if (query.includes('@')) return null;
  let end = caret;
  while (end < text.length && !/\s/.test(text[end])) end++;
  return { start, end, query };
}

/** Replaces the `@query` with `@path` and a space; returns the new text and where the caret goes. */
export function insertMention(text: string, mention: MentionQuery, path: string): { text: string; caret: number } {
  const before = text.slice(0, mention.start);
  const after = text.slice(mention.end);
  const inserted = `@${path}${after.startsWith(' ') ? '' : ' '}`;
  return { text: before + inserted + after, caret: before.length + inserted.length + (after.startsWith(' ') ? 1 : 0) };
}

/** The picked paths still mentioned in `text` (as `@path` ending at whitespace, punctuation or the end), in pick order, once each. */
export function collectMentions(text: string, picked: Iterable<string>): string[] {
  const found: string[] = [];
  for (const path of picked) {
    if (found.includes(path)) continue;
    const token = `@${path}`;
    for (let index = text.indexOf(token); index !== -1; index = text.indexOf(token, index + 1)) {
      const next = text[index + token.length];
      const previous = text[index - 1];
      if ((next === undefined || /[\s,.;:!?)\]}"'`]/.test(next)) && (previous === undefined || BOUNDARY.test(previous))) {
        found.push(path);
        break;
      }
    }
  }
  return found;
}
