/**
 * Entry point of the analysis: which simple commands a shell string runs.
 * Tokenizes, unpacks each segment's wrappers, and recurses into `sh -c`
 * scripts and `find -exec` commands. Anything not understood makes the whole
 * string complex, and a complex string lists no commands: a partial list
 * could be mistaken for the full one.
 */
import { tokenize } from './tokenize';
import type { CommandAnalysis, DetailedAnalysis, ParsedCommand, Word } from './types';
import { unpack, type UnpackContext } from './unpack-wrappers';

/** `sh -c "sh -c '…'"` nests rarely more than twice; the cap stops pathological input. */
const MAX_DEPTH = 8;

const TOP_LEVEL: UnpackContext = {
  redirections: [],
  assignments: [],
  elevation: [],
  wrappers: [],
  appendedArgs: false,
  readsPipe: false,
};

/** The analysis with the detail approvals need (privilege, assignments, redirection targets…). */
export function analyzeDetailed(command: string): DetailedAnalysis & { reason?: string } {
  const commands: ParsedCommand[] = [];
  const reason = analyzeInto(command, TOP_LEVEL, 0, commands);
  return reason === null ? { commands, complex: false } : { commands: [], complex: true, reason };
}

/** Every simple command `command` would run, or `complex: true` when we cannot tell. */
export function analyzeCommand(command: string): CommandAnalysis {
  const detailed = analyzeDetailed(command);
  return {
    commands: detailed.commands.map((parsed) => ({
      argv: parsed.words.map((word) => word.text),
      redirects: parsed.redirections.length > 0,
    })),
    complex: detailed.complex,
  };
}

/** Appends the commands of `script` to `out`; returns why it is complex, or null. */
function analyzeInto(script: string, context: UnpackContext, depth: number, out: ParsedCommand[]): string | null {
  if (depth > MAX_DEPTH) return 'nested too deeply';
  const tokens = tokenize(script);
  if (!tokens.ok) return tokens.reason;
  for (const [index, segment] of tokens.segments.entries()) {
    const reason = unpackInto(
      segment.words,
      {
        ...context,
        // Redirections of `sh -c '…' > f` apply to every command of the script.
        redirections: [...context.redirections, ...segment.redirections],
        readsPipe: segment.readsPipe || (index === 0 && context.readsPipe),
      },
      depth,
      out,
    );
    if (reason !== null) return reason;
  }
  return null;
}

function unpackInto(words: Word[], context: UnpackContext, depth: number, out: ParsedCommand[]): string | null {
  const step = unpack(words, context);
  if (step.kind === 'complex') return step.reason;
  if (step.kind === 'script') return analyzeInto(step.script, step.context, depth + 1, out);
  out.push(step.command);
  for (const nested of step.nested) {
    if (depth + 1 > MAX_DEPTH) return 'nested too deeply';
    const reason = unpackInto(nested.words, nested.context, depth + 1, out);
    if (reason !== null) return reason;
  }
  return null;
}
