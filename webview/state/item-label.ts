/**
 * A one-line description of an item that has no dedicated view (tool calls
 * of newer servers, review mode, compaction…). The protocol asks clients to
 * render unknown `type`s generically instead of failing, so anything with a
 * `type` gets at least its humanized name. Input is untrusted JSON: every
 * field is checked before use.
 */

export function describeItem(item: Record<string, unknown>): string {
  const type = typeof item.type === 'string' ? item.type : 'item';
  switch (type) {
    case 'contextCompaction':
      return 'Context compacted: older turns were summarized to make room.';
    case 'mcpToolCall':
      return `Tool ${text(item.server)}/${text(item.tool)}${statusSuffix(item.status)}`;
    case 'dynamicToolCall':
      return `Tool ${text(item.tool) || text(item.name) || 'call'}${statusSuffix(item.status)}`;
    case 'webSearch':
      return `Web search: ${text(item.query) || 'searching'}`;
    case 'imageView':
      return `Viewed image ${text(item.path)}`;
    case 'enteredReviewMode':
      return `Review started: ${text(item.review)}`;
    case 'exitedReviewMode':
      return `Review finished`;
    default:
      return humanizeType(type);
  }
}

/** `collabAgentToolCall` → `Collab agent tool call`. */
export function humanizeType(type: string): string {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_/-]+/g, ' ').trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Item';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function statusSuffix(status: unknown): string {
  return typeof status === 'string' && status !== 'completed' ? ` (${humanizeType(status).toLowerCase()})` : '';
}
