/**
 * Shapes shared by the command-analysis modules. The first two are the public
 * contract (re-exported by index.ts); the rest are internal detail that the
 * approval logic needs and the public shape deliberately hides.
 */

/** One program invocation, after wrappers (`env`, `timeout`, `sudo`, `sh -c`…) are unpacked. */
export interface SimpleCommand {
  /** The program and its arguments, as the shell would pass them (variables and globs left unexpanded). */
  argv: string[];
  /** True when the command redirects to or from a file (`>`, `>>`, `<`, `2>`, `&>`…). Duplicating a descriptor (`2>&1`) or using `/dev/null` does not count. */
  redirects: boolean;
}

/** What a shell string would run, as far as we can tell without running it. */
export interface CommandAnalysis {
  /** Every simple command the string would run, in order. Empty when `complex` is true. */
  commands: SimpleCommand[];
  /** True when we could not fully understand the string (command substitution, subshells, heredocs, control flow, unbalanced quotes…): treat it as unknown, never auto-approve it. */
  complex: boolean;
}

/** One shell word. `dynamic` words change at run time: unquoted globs, brace expansion, `$VAR`, or text a wrapper substitutes (`{}` of `find -exec`). */
export interface Word {
  text: string;
  dynamic: boolean;
}

/** A redirection to or from a file. Descriptor duplications (`2>&1`) and `/dev/null` are dropped before this point. */
export interface Redirection {
  /** The operator as written, without a leading descriptor number (`2>f` is recorded as `>`). */
  op: string;
  target: string;
  /** The target is decided at run time (`> "$OUT"`, `< *.txt`). */
  dynamic: boolean;
  /** `input` only reads (`<`); everything else may create or change the target. */
  kind: 'input' | 'output';
}

/** A simple command with everything the approval logic needs to avoid approving more than the user saw. */
export interface ParsedCommand {
  /** argv after wrapper unpacking. */
  words: Word[];
  /** File redirections of this command, including those of an enclosing `sh -c` (they apply to the whole script). */
  redirections: Redirection[];
  /** `VAR=value` words set for this command (leading assignments, `env VAR=x`, `sudo VAR=x`, and those of an enclosing `sh -c`). */
  assignments: string[];
  /** The privilege wrapper words, e.g. `['sudo', '-u', 'postgres']`; empty when unprivileged. */
  elevation: string[];
  /** Names of the wrappers unpacked to reach this command, outermost first, e.g. `['timeout', 'xargs']`. */
  wrappers: string[];
  /** True when a wrapper appends arguments we cannot see (`xargs cmd` reads them from stdin). */
  appendedArgs: boolean;
  /** True when stdin is the output of the previous command in a pipeline. */
  readsPipe: boolean;
}

export interface DetailedAnalysis {
  commands: ParsedCommand[];
  complex: boolean;
}
