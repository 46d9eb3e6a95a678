/**
 * A one-line description of an item the skeleton does not render in full
 * (tools, reasoning…). Later issues give them real views; until then the
 * user still sees that something happened. Unknown item types (newer
 * servers) get their type name rather than breaking the transcript.
 */
import type { ThreadItem } from '../server/protocol';

export function describeItem(item: ThreadItem): string {
  switch (item.type) {
    case 'reasoning':
      return item.summary.length ? `Thinking: ${item.summary.join(' ')}` : 'Thinking…';
    case 'commandExecution':
      return `Command (${item.status}): ${item.command}`;
    case 'fileChange':
      return `File change (${item.status}): ${item.changes.map((change) => change.path).join(', ')}`;
    case 'plan':
      return `Plan: ${item.text}`;
    case 'contextCompaction':
      return 'Context compacted';
    case 'userMessage':
    case 'agentMessage':
      return item.type;
    default:
      return String((item as { type?: unknown }).type ?? 'item');
  }
}
