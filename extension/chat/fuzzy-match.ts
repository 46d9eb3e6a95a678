/**
 * A small fuzzy matcher for `@` file mentions: the query's characters must
 * appear in order (case-insensitive); matches at the start of a path
 * segment or word, runs of consecutive characters and matches in the file
 * name score higher; shorter paths win ties. Host-free.
 */
const SEPARATORS = new Set(['/', '\\', '.', '_', '-', ' ']);

/** A score (higher is better), or undefined when `candidate` does not match. */
export function fuzzyScore(query: string, candidate: string): number | undefined {
  const needle = query.toLowerCase().replace(/\s+/g, '');
  if (!needle) return 0;
  const haystack = candidate.toLowerCase();
  const nameStart = Math.max(candidate.lastIndexOf('/'), candidate.lastIndexOf('\\')) + 1;
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const char of needle) {
    const index = haystack.indexOf(char, from);
    if (index === -1) return undefined;
    score += 1;
    if (index === previous + 1) score += 5;
    if (index === 0 || SEPARATORS.has(candidate[index - 1]) || isCamelBoundary(candidate, index)) score += 8;
    if (index >= nameStart) score += 3;
    previous = index;
    from = index + 1;
  }
  // The whole query inside the file name is what people usually mean.
  if (haystack.slice(nameStart).includes(needle)) score += 20;
  return score;
}

/** The best `limit` matches, best first. */
export function fuzzyFilter<T>(query: string, items: readonly T[], text: (item: T) => string, limit: number): T[] {
  const scored: Array<{ item: T; score: number; length: number }> = [];
  for (const item of items) {
    const candidate = text(item);
    const score = fuzzyScore(query, candidate);
    if (score !== undefined) scored.push({ item, score, length: candidate.length });
  }
  scored.sort((a, b) => b.score - a.score || a.length - b.length);
  return scored.slice(0, limit).map((entry) => entry.item);
}

function isCamelBoundary(text: string, index: number): boolean {
  const char = text[index];
  const before = text[index - 1];
  return char !== char.toLowerCase() && before === before.toLowerCase() && before !== before.toUpperCase();
}
