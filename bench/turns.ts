/**
 * The client script every contender gets: start a thread, run a turn to its
 * end. Same requests, same parameters, for ours and the official server.
 */
import type { RpcClient } from './rpc-client';

export async function startThread(client: RpcClient, cwd: string): Promise<string> {
  const result = await client.call('thread/start', { cwd, approvalPolicy: 'never', sandbox: 'read-only' });
  return result.thread.id as string;
}

/** Sends `turn/start` and resolves with the `turn/completed` params. */
export async function runTurn(client: RpcClient, threadId: string, text: string, timeoutMs = 60_000): Promise<any> {
  const completed = client.waitForNotification('turn/completed', (params) => params.threadId === threadId, timeoutMs);
  completed.catch(() => {});
  const response = await client.request('turn/start', { threadId, input: [{ type: 'text', text }] }, timeoutMs);
  if (response.message.error) throw new Error(`turn/start failed: ${JSON.stringify(response.message.error)}`);
  const message = await completed;
  if (message.params.turn.status !== 'completed') {
    throw new Error(`turn ended ${message.params.turn.status}: ${JSON.stringify(message.params.turn.error)}`);
  }
  return message.params;
}

/** True when the server answered that it does not know `method`. */
export function isNotImplemented(error: { code: number; message: string } | undefined, method: string): boolean {
  if (!error) return false;
  return error.code === -32601 || (error.code === -32600 && /unknown variant|method not found/i.test(error.message) && error.message.includes(method));
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p in 0..100) of `values`; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
