/**
 * The text a model gets back from `exec_command` / `write_stdin`, in the
 * official server's layout (minus its "Chunk ID" and "Original token count"
 * lines), since Codex-trained models are used to reading that.
 */
import type { ExecResult } from './exec-types';

export function formatExecResultForModel(result: ExecResult): string {
  const status =
    result.sessionId !== null
      ? `Process running with session ID ${result.sessionId}`
      : `Process exited with code ${result.exitCode}`;
  return `Wall time: ${(result.wallTimeMs / 1000).toFixed(4)} seconds\n${status}\nOutput:\n${result.output}`;
}
