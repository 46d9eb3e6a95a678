/**
 * The web page's address and what it carries: the access token in the
 * fragment (`#token=…`, as the server prints it: a fragment never reaches
 * server logs or a Referer) and the thread in the query (`?thread=<id>`),
 * so a tab reopened at the same address resumes the same thread. Pure.
 */

export interface PageAddress {
  /** The token to trade for a cookie, when the address carries one. */
  token: string | undefined;
  /** The thread to resume, when the address names one. */
  threadId: string | undefined;
}

export function readPageAddress(href: string): PageAddress {
  const url = new URL(href);
  const token = fragmentParams(url).get('token') || undefined;
  const threadId = url.searchParams.get('thread') || undefined;
  return { token, threadId };
}

/** The same address without the token (the rest of the fragment and the query stay). */
export function withoutToken(href: string): string {
  const url = new URL(href);
  const params = fragmentParams(url);
  params.delete('token');
  const rest = params.toString();
  url.hash = rest ? `#${rest}` : '';
  return relativeAddress(url);
}

/** The address of `threadId` (or of a new thread, when undefined), keeping the path and the fragment. */
export function threadAddress(href: string, threadId: string | undefined): string {
  const url = new URL(href);
  if (threadId) url.searchParams.set('thread', threadId);
  else url.searchParams.delete('thread');
  return relativeAddress(url);
}

function fragmentParams(url: URL): URLSearchParams {
  return new URLSearchParams(url.hash.replace(/^#/, ''));
}

/** Path, query and fragment: what `history.replaceState` needs (same origin by construction). */
function relativeAddress(url: URL): string {
  // `new URL` keeps a bare '#' when the fragment was emptied; drop it.
  return `${url.pathname}${url.search}${url.hash === '#' ? '' : url.hash}`;
}
