/**
 * Makes a conversation acceptable to the model API: every tool call needs an
 * output. A call cut short (an interrupt, a crash, a fork taken mid-turn)
 * gets one saying so, placed right after the call.
 */
import type { ModelItem } from './model-events';

const INTERRUPTED = 'The call was interrupted before it finished; it may have had partial effects.';

export function repairConversation(items: ModelItem[]): ModelItem[] {
  const answered = new Set<string>();
  for (const item of items) {
    if (item.type === 'functionCallOutput' || item.type === 'customToolCallOutput') answered.add(item.callId);
  }
  const repaired: ModelItem[] = [];
  for (const item of items) {
    repaired.push(item);
    if (item.type === 'functionCall' && !answered.has(item.callId)) {
      repaired.push({ type: 'functionCallOutput', callId: item.callId, output: INTERRUPTED });
    } else if (item.type === 'customToolCall' && !answered.has(item.callId)) {
      repaired.push({ type: 'customToolCallOutput', callId: item.callId, output: INTERRUPTED });
    }
  }
  // Outputs whose call is missing (e.g. lost to a revert) would be refused too.
  const called = new Set(repaired.flatMap((item) => (item.type === 'functionCall' || item.type === 'customToolCall' ? [item.callId] : [])));
  return repaired.filter((item) => (item.type !== 'functionCallOutput' && item.type !== 'customToolCallOutput') || called.has(item.callId));
}
