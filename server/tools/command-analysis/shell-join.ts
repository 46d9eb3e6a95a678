/**
 * Joins argv back into one line of shell for display and for keys. Unlike
 * shell-quote's `quote` (which writes `sed -n 1\,5p`), it leaves ordinary
 * words bare and single-quotes the rest, so `rg 'a|b' src` reads naturally.
 */
const BARE_WORD = /^[A-Za-z0-9_\-+=.,/:@%^~]+$/;

export function shellQuoteWord(word: string): string {
  if (BARE_WORD.test(word)) return word;
  return "'" + word.replaceAll("'", "'\\''") + "'";
}

export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuoteWord).join(' ');
}
