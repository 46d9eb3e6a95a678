/**
 * The virtual documents of the diff editor: `codex-threads-diff:<file path>?<ref>`.
 * The path is the real file's, so the editor picks its language and shows
 * its name; the query says which thread, item, change and side. Host-free
 * (the adapter turns these parts into a `vscode.Uri`).
 */
export const DIFF_SCHEME = 'codex-threads-diff';

export type DiffSide = 'before' | 'after';

export interface DiffRef {
  threadId: string;
  itemId: string;
  /** The change's index in the item's `changes`. */
  index: number;
  side: DiffSide;
}

export interface DiffUriParts {
  scheme: typeof DIFF_SCHEME;
  /** A URI path (forward slashes, leading slash), e.g. `vscode.Uri.file(p).path`. */
  path: string;
  query: string;
}

export function diffUriParts(ref: DiffRef, uriPath: string): DiffUriParts {
  const query = new URLSearchParams({ thread: ref.threadId, item: ref.itemId, change: String(ref.index), side: ref.side });
  return { scheme: DIFF_SCHEME, path: uriPath, query: query.toString() };
}

/** The reference in a diff URI's query; undefined for anything else. */
export function parseDiffQuery(query: string): DiffRef | undefined {
  const params = new URLSearchParams(query);
  const threadId = params.get('thread');
  const itemId = params.get('item');
  const index = Number(params.get('change'));
  const side = params.get('side');
  if (!threadId || !itemId || !Number.isInteger(index) || index < 0 || (side !== 'before' && side !== 'after')) return undefined;
  return { threadId, itemId, index, side };
}
