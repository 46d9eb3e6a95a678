/** Scripted model outputs that call our tools, for agent tests. */
import type { ScriptedOutput } from './mock-model';

let counter = 0;
const nextCallId = () => `call_${++counter}_${Date.now().toString(36)}`;

export function execCall(cmd: string, extra: Record<string, unknown> = {}, callId = nextCallId()): ScriptedOutput {
  return { kind: 'functionCall', callId, name: 'exec_command', arguments: JSON.stringify({ cmd, ...extra }) };
}

export function writeStdinCall(sessionId: number, chars = '', extra: Record<string, unknown> = {}, callId = nextCallId()): ScriptedOutput {
  return { kind: 'functionCall', callId, name: 'write_stdin', arguments: JSON.stringify({ session_id: sessionId, chars, ...extra }) };
}

export function patchCall(patch: string, callId = nextCallId()): ScriptedOutput {
  return { kind: 'customToolCall', callId, name: 'apply_patch', input: patch };
}

export function planCall(plan: Array<{ step: string; status: string }>, explanation?: string, callId = nextCallId()): ScriptedOutput {
  return { kind: 'functionCall', callId, name: 'update_plan', arguments: JSON.stringify({ plan, ...(explanation ? { explanation } : {}) }) };
}

/** The tool outputs the model was sent in a request body (by call id). */
export function toolOutputs(body: any): Map<string, string> {
  const outputs = new Map<string, string>();
  for (const entry of body.input ?? []) {
    if (entry.type === 'function_call_output' || entry.type === 'custom_tool_call_output') outputs.set(entry.call_id, String(entry.output));
  }
  return outputs;
}

export function callIdOf(output: ScriptedOutput): string {
  if (output.kind !== 'functionCall' && output.kind !== 'customToolCall') throw new Error('not a tool call');
  return output.callId;
}
