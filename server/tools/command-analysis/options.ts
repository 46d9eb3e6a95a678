/**
 * A strict getopt-style scanner for the options of wrapper programs
 * (`env -u X`, `timeout -s KILL`, `sudo -u root`…).
 *
 * Strict on purpose: an option we do not know might take a value, and then we
 * would mistake that value for the wrapped program. Unknown options therefore
 * fail the scan, and the caller treats the command as complex.
 */
import type { Word } from './types';

export interface OptionTable {
  /** Options without a value: `-i`, `--null`. */
  flags?: readonly string[];
  /** Options with a value, given separately (`-u NAME`), attached (`-uNAME`) or after `=` (`--unset=NAME`). */
  values?: readonly string[];
  /** Short options whose value can only be attached (`xargs -i{}`, `-l1`); alone they take none. */
  optionalAttached?: readonly string[];
  /** Long options with an optional `=value` (`--preserve-env[=list]`). */
  optionalLong?: readonly string[];
  /** Accept `-<digits>` as an option (`nice -10`). */
  numeric?: boolean;
}

export interface ScannedOption {
  name: string;
  value: string | undefined;
}

export type ScanResult =
  | { ok: true; options: ScannedOption[]; words: Word[]; next: number }
  | { ok: false; reason: string };

/**
 * Scans options from `words[start]` up to the first operand (or past `--`).
 * `words` in the result are the option words consumed, for callers that keep
 * them (sudo's options are part of what the user approves).
 */
export function scanOptions(words: readonly Word[], start: number, table: OptionTable): ScanResult {
  const flags = table.flags ?? [];
  const values = table.values ?? [];
  const optionalAttached = table.optionalAttached ?? [];
  const optionalLong = table.optionalLong ?? [];
  const options: ScannedOption[] = [];
  let index = start;
  while (index < words.length) {
    const word = words[index];
    const text = word.text;
    if (text === '--') {
      index++;
      break;
    }
    if (!text.startsWith('-') || text === '-') {
      // A word that might expand to an option is not an operand we can trust.
      if (word.dynamic) return { ok: false, reason: `dynamic word ${text} where an option or operand is expected` };
      break;
    }
    if (word.dynamic) return { ok: false, reason: `dynamic option ${text}` };
    if (table.numeric && /^-\d+$/.test(text)) {
      options.push({ name: text, value: undefined });
      index++;
      continue;
    }
    if (text.startsWith('--')) {
      const equals = text.indexOf('=');
      const name = equals === -1 ? text : text.slice(0, equals);
      if (values.includes(name)) {
        if (equals !== -1) {
          options.push({ name, value: text.slice(equals + 1) });
          index++;
        } else {
          const value = words[index + 1];
          if (value === undefined) return { ok: false, reason: `${name} without a value` };
          options.push({ name, value: value.text });
          index += 2;
        }
      } else if (optionalLong.includes(name) || (equals === -1 && flags.includes(name))) {
        options.push({ name, value: equals === -1 ? undefined : text.slice(equals + 1) });
        index++;
      } else {
        return { ok: false, reason: `unknown option ${name}` };
      }
      continue;
    }
    // A cluster of short options: `-0r`, `-uNAME`, `-n 5`.
    let consumed = 1;
    for (let at = 1; at < text.length; at++) {
      const name = '-' + text[at];
      const rest = text.slice(at + 1);
      if (flags.includes(name)) {
        options.push({ name, value: undefined });
        continue;
      }
      if (values.includes(name)) {
        if (rest) {
          options.push({ name, value: rest });
        } else {
          const value = words[index + 1];
          if (value === undefined) return { ok: false, reason: `${name} without a value` };
          options.push({ name, value: value.text });
          consumed = 2;
        }
        break;
      }
      if (optionalAttached.includes(name)) {
        options.push({ name, value: rest || undefined });
        break;
      }
      return { ok: false, reason: `unknown option ${name}` };
    }
    index += consumed;
  }
  return { ok: true, options, words: words.slice(start, index), next: index };
}
