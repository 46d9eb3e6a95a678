/**
 * Compaction: when the conversation nears the model's context window (or
 * the client asks), the model summarises it, and the summary replaces the
 * history so the thread stays usable.
 */
import type { ModelClient, ModelItem } from './model-events';
import { repairConversation } from './conversation-repair';

export const COMPACTION_INSTRUCTIONS = `You are compacting a long coding conversation so that it can continue with less context.
Write a summary that lets you carry on the work without the original messages: the user's goals and constraints,
decisions made, files changed and how, commands run and their important results, what is still to do, and any
open questions. Be specific (paths, names, numbers). Do not invent anything.`;

const SUMMARY_PREFIX = 'Summary of the conversation so far (older messages were compacted):\n\n';

/** Asks the model for a summary of `history`; returns the replacement history. */
export async function summarizeHistory(
  client: ModelClient,
  options: { model: string; history: ModelItem[]; keepLast?: ModelItem[] },
  signal: AbortSignal,
): Promise<{ replacement: ModelItem[]; usage: import('../protocol').TokenUsageBreakdown | null }> {
  let summary = '';
  let usage = null;
  const conversation: ModelItem[] = [
    ...repairConversation(options.history),
    { type: 'message', role: 'user', text: 'Summarize the conversation above as instructed.' },
  ];
  for await (const event of client.stream({ model: options.model, instructions: COMPACTION_INSTRUCTIONS, conversation, tools: [] }, signal)) {
    if (event.type === 'messageCompleted') summary += event.text;
    if (event.type === 'completed') usage = event.usage;
  }
  if (!summary.trim()) throw new Error('the model returned an empty summary');
  return { replacement: [{ type: 'message', role: 'user', text: SUMMARY_PREFIX + summary.trim() }, ...(options.keepLast ?? [])], usage };
}

/** Whether the next request is likely to overflow: the last request used most of the window. */
export function needsCompaction(lastInputTokens: number | null, contextWindow: number | null): boolean {
  if (!lastInputTokens || !contextWindow) return false;
  return lastInputTokens >= contextWindow * 0.9;
}
