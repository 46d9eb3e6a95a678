/**
 * Runs one tool call the model made and returns the text the model gets
 * back. Unknown tools and malformed arguments are answered, not thrown, so
 * the model can correct itself.
 */
import type { ToolCall } from '../../agent/model-events';
import { log } from '../../common/log';
import { runExecCommand, runWriteStdin } from './exec-tool';
import { runApplyPatch } from './patch-tool';
import { runUpdatePlan } from './plan-tool';
import { parseArguments, requireString, ToolArgumentError } from './tool-arguments';
import type { TurnContext } from './turn-context';

export async function runToolCall(context: TurnContext, call: ToolCall): Promise<string> {
  try {
    if (call.kind === 'custom') {
      if (call.name === 'apply_patch') return await runApplyPatch(context, call.callId, call.input);
      return `Unknown tool "${call.name}".`;
    }
    switch (call.name) {
      case 'exec_command':
        return await runExecCommand(context, call.callId, call.arguments);
      case 'write_stdin':
        return await runWriteStdin(context, call.callId, call.arguments);
      case 'apply_patch':
        return await runApplyPatch(context, call.callId, requireString(parseArguments(call.arguments), 'input'));
      case 'update_plan':
        return runUpdatePlan(context, call.arguments);
      default:
        return `Unknown tool "${call.name}". Available tools: exec_command, write_stdin, apply_patch, update_plan.`;
    }
  } catch (error) {
    if (error instanceof ToolArgumentError) return `Invalid call to ${call.name}: ${error.message}`;
    log.warn(`tool ${call.name} failed: ${(error as Error)?.stack ?? error}`);
    return `The ${call.name} tool failed: ${(error as Error)?.message ?? error}`;
  }
}
