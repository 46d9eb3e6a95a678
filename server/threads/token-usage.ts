/** Token accounting: the thread's running total and the last model call. */
import type { ThreadTokenUsage, TokenUsageBreakdown } from '../protocol';

export function addUsage(previous: ThreadTokenUsage | null, last: TokenUsageBreakdown, contextWindow: number | null): ThreadTokenUsage {
  const total = previous?.total;
  return {
    total: total
      ? {
          totalTokens: total.totalTokens + last.totalTokens,
          inputTokens: total.inputTokens + last.inputTokens,
          cachedInputTokens: total.cachedInputTokens + last.cachedInputTokens,
          cacheWriteInputTokens: total.cacheWriteInputTokens + last.cacheWriteInputTokens,
          outputTokens: total.outputTokens + last.outputTokens,
          reasoningOutputTokens: total.reasoningOutputTokens + last.reasoningOutputTokens,
        }
      : last,
    last,
    modelContextWindow: contextWindow,
  };
}
