/**
 * Finds where a hunk's lines sit in a file, the way Codex does: models copy context imperfectly,
 * so each pass is more tolerant than the last — exact, then ignoring trailing whitespace, then
 * ignoring leading and trailing whitespace, then also treating typographic punctuation (curly
 * quotes, dashes, odd spaces) as ASCII. A pass scans every candidate position before the next
 * pass starts, so an exact match further down wins over a loose match nearby.
 */

type LineComparison = (fileLine: string, patchLine: string) => boolean;

const PASSES: LineComparison[] = [
  (a, b) => a === b,
  (a, b) => a.trimEnd() === b.trimEnd(),
  (a, b) => a.trim() === b.trim(),
  (a, b) => normalisePunctuation(a.trim()) === normalisePunctuation(b.trim()),
];

/**
 * Returns the index in `lines` where `pattern` starts, searching from `start`, or null.
 * With `endOfFile`, the position that ends the pattern at the last line is tried first (through
 * every pass) and the forward search from `start` is the fallback. An empty pattern matches at
 * `start`.
 */
export function seekLines(
  lines: readonly string[],
  pattern: readonly string[],
  start: number,
  endOfFile: boolean,
): number | null {
  if (pattern.length === 0) return start;
  const lastStart = lines.length - pattern.length;
  if (lastStart < start) return null;
  if (endOfFile) {
    for (const same of PASSES) if (matchesAt(lines, pattern, lastStart, same)) return lastStart;
  }
  for (const same of PASSES) {
    for (let index = start; index <= lastStart; index++) if (matchesAt(lines, pattern, index, same)) return index;
  }
  return null;
}

function matchesAt(lines: readonly string[], pattern: readonly string[], at: number, same: LineComparison): boolean {
  for (let offset = 0; offset < pattern.length; offset++) if (!same(lines[at + offset], pattern[offset])) return false;
  return true;
}

const PUNCTUATION: Record<string, string> = {};
for (const dash of '\u2010\u2011\u2012\u2013\u2014\u2015\u2212') PUNCTUATION[dash] = '-';
for (const quote of '\u2018\u2019\u201A\u201B') PUNCTUATION[quote] = "'";
for (const quote of '\u201C\u201D\u201E\u201F') PUNCTUATION[quote] = '"';
for (const space of '\u00A0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000') PUNCTUATION[space] = ' ';
const PUNCTUATION_PATTERN = new RegExp(`[${Object.keys(PUNCTUATION).join('')}]`, 'g');

/** Maps typographic dashes, quotes and spaces to their ASCII look-alikes. */
export function normalisePunctuation(text: string): string {
  return text.replace(PUNCTUATION_PATTERN, (char) => PUNCTUATION[char]);
}
