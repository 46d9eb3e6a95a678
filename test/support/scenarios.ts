/** Shared steps of server tests: a thread with some finished turns. */
import { textMessage, type MockModel } from './mock-model';
import type { RpcClient } from './rpc-client';

export function modelEnv(model: MockModel): Record<string, string> {
  return { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'sk-test-key' };
}

/** Starts a thread and runs one turn per prompt; the model answers "answer to <prompt>". */
export async function threadWithTurns(
  client: RpcClient,
  model: MockModel,
  prompts: string[],
  startParams: object = {},
): Promise<{ threadId: string; turnIds: string[] }> {
  const { thread } = await client.call('thread/start', startParams);
  const turnIds: string[] = [];
  for (const prompt of prompts) {
    model.enqueue({ output: [textMessage(`answer to ${prompt}`, { chunks: 3 })] });
    const turn = await client.runTurn(thread.id, prompt);
    if (turn.status !== 'completed') throw new Error(`turn ended ${turn.status}: ${JSON.stringify(turn.error)}`);
    turnIds.push(turn.id);
  }
  return { threadId: thread.id, turnIds };
}

/** The texts of a turn's items, e.g. ["user: hi", "agent: answer to hi"]. */
export function itemTexts(turn: { items: any[] }): string[] {
  return turn.items.map((item) =>
    item.type === 'userMessage' ? `user: ${item.content.map((part: any) => part.text).join('')}` : `${item.type === 'agentMessage' ? 'agent' : item.type}: ${item.text ?? ''}`,
  );
}
