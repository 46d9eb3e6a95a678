/**
 * The page's access to the server. The printed address carries a token in
 * its fragment; the page trades it once for an HttpOnly cookie
 * (`POST /auth`), which every later request carries by itself.
 *
 * EventSource does not expose the HTTP status of a stream it could not
 * open, so when one fails the page asks `checkAccess`: `/rpc` checks the
 * token before the session, so a message for no session answers 401 (no
 * or wrong token) or 404 (fine), and changes nothing on the server.
 */

/** What the user should do when the server refuses the page. */
export const ACCESS_HINT = 'Open the address the server printed at start; it carries the access token.';

/** The server refused the page's credentials; retrying will not help. */
export class AccessError extends Error {}

export type Access = 'ok' | 'unauthorized' | 'unreachable';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** `POST /auth`: the cookie is set by the 204 answer. */
export async function exchangeToken(token: string, fetchImpl: Fetch): Promise<void> {
  let response: Response;
  try {
    response = await fetchImpl('/auth', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });
  } catch {
    throw new Error('Could not reach the Codex server to sign in. Is it still running?');
  }
  if (response.status === 401) throw new AccessError(`The access token in this address was refused. ${ACCESS_HINT}`);
  if (!response.ok) throw new Error(`Signing in to the Codex server failed (HTTP ${response.status}).`);
}

export async function checkAccess(fetchImpl: Fetch): Promise<Access> {
  try {
    const response = await fetchImpl('/rpc', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return response.status === 401 ? 'unauthorized' : 'ok';
  } catch {
    return 'unreachable';
  }
}
