/**
 * The token footer's text, from `thread/tokenUsage/updated`: what the thread
 * used in total and how full the model's context window is (the last
 * request's input + output is what the next one starts from). Pure.
 */
import type { ThreadTokenUsage } from '../../server/protocol';

export function formatTokenUsage(usage: ThreadTokenUsage | null): string {
  if (!usage) return '';
  const { total, last, modelContextWindow } = usage;
  const parts = [`${compact(total.totalTokens)} tokens used (${compact(total.inputTokens)} in, ${compact(total.cachedInputTokens)} cached, ${compact(total.outputTokens)} out)`];
  if (modelContextWindow && modelContextWindow > 0) {
    const percent = Math.min(100, Math.round((last.totalTokens / modelContextWindow) * 100));
    parts.push(`context ${percent}% of ${compact(modelContextWindow)}`);
  }
  return parts.join(' · ');
}

/** 950 → "950", 12_345 → "12.3k", 1_200_000 → "1.2M". */
export function compact(value: number): string {
  if (value < 1000) return String(value);
  if (value < 1_000_000) return `${trim((value / 1000).toFixed(value < 10_000 ? 1 : value < 100_000 ? 1 : 0))}k`;
  return `${trim((value / 1_000_000).toFixed(1))}M`;
}

function trim(number: string): string {
  return number.replace(/\.0$/, '');
}
