/**
 * `sed` is read-only only in a narrow form: `-n` with print-only scripts
 * (`sed -n '10,20p' file`). Any other command may write (`w`, `s///w`), run
 * a program (`e`, `s///e`) or edit in place (`-i`), so everything outside
 * this grammar is refused:
 *
 *   script  := cmd ((';' | newline) cmd)*
 *   cmd     := [addr [',' addr2]] ['!'] ('p' | '=' | ('q' | 'Q') [number])   (or empty)
 *   addr    := number ['~' number] | '$' | '/' regex '/' ['I' | 'M']*
 *   addr2   := addr | '+' number | '~' number
 */

export interface SedInvocation {
  /** `-n`, `--quiet` or `--silent` was given. */
  quiet: boolean;
  scripts: string[];
  files: string[];
}

const SAFE_SHORT_FLAGS = new Set(['E', 'r', 's', 'u', 'z']);
const SAFE_LONG_FLAGS = new Set(['--regexp-extended', '--posix', '--null-data', '--zero-terminated', '--separate', '--sandbox', '--unbuffered', '--debug']);

/** Parses sed's arguments; null when an option is not known to be harmless (`-i`, `-f`, `--in-place`, abbreviations…). */
export function parseSed(args: readonly string[]): SedInvocation | null {
  let quiet = false;
  const scripts: string[] = [];
  const operands: string[] = [];
  let endOfOptions = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (endOfOptions || arg === '-' || !arg.startsWith('-')) {
      operands.push(arg);
      continue;
    }
    if (arg === '--') {
      endOfOptions = true;
      continue;
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = equals === -1 ? arg : arg.slice(0, equals);
      if ((name === '--quiet' || name === '--silent') && equals === -1) quiet = true;
      else if (name === '--expression') {
        const value = equals === -1 ? args[++index] : arg.slice(equals + 1);
        if (value === undefined) return null;
        scripts.push(value);
      } else if (name === '--line-length') {
        if (equals === -1) index++;
      } else if (!(SAFE_LONG_FLAGS.has(name) && equals === -1)) return null;
      continue;
    }
    for (let at = 1; at < arg.length; at++) {
      const letter = arg[at];
      if (letter === 'n') {
        quiet = true;
      } else if (letter === 'e' || letter === 'l') {
        const rest = arg.slice(at + 1);
        const value = rest || args[++index];
        if (value === undefined) return null;
        if (letter === 'e') scripts.push(value);
        break;
      } else if (!SAFE_SHORT_FLAGS.has(letter)) {
        return null;
      }
    }
  }
  if (scripts.length === 0) {
    const script = operands.shift();
    if (script === undefined) return null;
    scripts.push(script);
  }
  return { quiet, scripts, files: operands };
}

/** True for `sed -n` with print-only scripts: it reads, prints, and does nothing else. */
export function isSafeSed(args: readonly string[]): boolean {
  const sed = parseSed(args);
  return sed !== null && sed.quiet && sed.scripts.every(isPrintOnlyScript);
}

export function isPrintOnlyScript(script: string): boolean {
  let index = 0;
  const peek = () => script[index];
  const skipBlanks = () => {
    while (peek() === ' ' || peek() === '\t') index++;
  };
  const number = (): boolean => {
    const start = index;
    while (peek() !== undefined && peek() >= '0' && peek() <= '9') index++;
    return index > start;
  };
  const regex = (): boolean => {
    // Called on the opening `/`; anything may appear inside, escapes included, but not a newline.
    index++;
    while (peek() !== undefined && peek() !== '/') {
      if (peek() === '\n') return false;
      index += peek() === '\\' ? 2 : 1;
    }
    if (peek() !== '/') return false;
    index++;
    while (peek() === 'I' || peek() === 'M') index++;
    return true;
  };
  const address = (second: boolean): boolean => {
    if (peek() === '$') {
      index++;
      return true;
    }
    if (peek() === '/') return regex();
    if (second && (peek() === '+' || peek() === '~')) {
      index++;
      return number();
    }
    if (!number()) return false;
    if (peek() === '~') {
      index++;
      return number();
    }
    return true;
  };

  for (;;) {
    skipBlanks();
    if (peek() === undefined) return true;
    if (peek() === ';' || peek() === '\n') {
      index++;
      continue;
    }
    if (peek() === '$' || peek() === '/' || (peek() >= '0' && peek() <= '9')) {
      if (!address(false)) return false;
      skipBlanks();
      if (peek() === ',') {
        index++;
        skipBlanks();
        if (!address(true)) return false;
      }
      skipBlanks();
    }
    if (peek() === '!') {
      index++;
      skipBlanks();
    }
    const command = peek();
    if (command === 'p' || command === '=') {
      index++;
    } else if (command === 'q' || command === 'Q') {
      index++;
      skipBlanks();
      number();
    } else {
      return false;
    }
    skipBlanks();
    if (peek() !== undefined && peek() !== ';' && peek() !== '\n') return false;
  }
}

/** `sed -n '10,20p' FILE` (numbers only): the one file it reads, for display as a read. */
export function sedReadFile(args: readonly string[]): string | null {
  const sed = parseSed(args);
  if (!sed || !sed.quiet || sed.files.length !== 1) return null;
  const ranges = sed.scripts.every((script) => /^\s*(?:\d+|\$)(?:\s*,\s*(?:\d+|\$|\+\d+))?\s*p\s*$/.test(script));
  return ranges ? sed.files[0] : null;
}
