/**
 * What one server → client JSON-RPC message is, from its shape: a response
 * (id, no method), a server request (id and method), or a notification
 * (method, no id). The server writes no `"jsonrpc"` field. Pure.
 */
import type { RequestId } from '../../server/protocol';

export type IncomingMessage =
  | { kind: 'response'; id: RequestId; result: unknown; error: { code: number; message: string } | undefined }
  | { kind: 'request'; id: RequestId; method: string; params: unknown }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'invalid'; why: string };

export function classifyIncoming(text: string): IncomingMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', why: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'invalid', why: 'not a JSON object' };
  const message = value as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
  const hasId = typeof message.id === 'string' || typeof message.id === 'number';
  if (typeof message.method === 'string') {
    return hasId
      ? { kind: 'request', id: message.id as RequestId, method: message.method, params: message.params }
      : { kind: 'notification', method: message.method, params: message.params };
  }
  if (!hasId) return { kind: 'invalid', why: 'neither a method nor an id' };
  return { kind: 'response', id: message.id as RequestId, result: message.result, error: responseError(message.error) };
}

function responseError(error: unknown): { code: number; message: string } | undefined {
  if (error === undefined || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { code: typeof code === 'number' ? code : -32603, message: typeof message === 'string' ? message : 'The request failed' };
}
