import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMockChatModel, type MockChatModel } from '../../test/support/mock-chat-model';
import { ChatCompletionsClient, toChatMessages, toChatRequest } from './chat-completions-client';
import { ChatStreamAssembler } from './chat-stream-assembler';
import type { ModelError } from './model-error';
import type { ModelEvent, ModelRequest } from './model-events';

describe('toChatMessages', () => {
  test('maps instructions, messages, grouped tool calls and their outputs', () => {
    const messages = toChatMessages('Be brief.', [
      { type: 'message', role: 'user', text: 'list and count' },
      { type: 'message', role: 'assistant', text: 'Running two commands.' },
      { type: 'functionCall', callId: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
      { type: 'functionCall', callId: 'call_2', name: 'exec_command', arguments: '{"cmd":"wc -l a"}' },
      { type: 'functionCallOutput', callId: 'call_1', output: 'a\nb' },
      { type: 'functionCallOutput', callId: 'call_2', output: '2 a' },
      { type: 'functionCall', callId: 'call_3', name: 'update_plan', arguments: '{}' },
      { type: 'functionCallOutput', callId: 'call_3', output: 'Plan updated' },
      { type: 'message', role: 'assistant', text: 'Two files.' },
      { type: 'message', role: 'developer', text: 'Mind the sandbox.' },
    ]);
    assert.deepEqual(messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'list and count' },
      {
        role: 'assistant',
        content: 'Running two commands.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } },
          { id: 'call_2', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"wc -l a"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'a\nb' },
      { role: 'tool', tool_call_id: 'call_2', content: '2 a' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_3', type: 'function', function: { name: 'update_plan', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_3', content: 'Plan updated' },
      { role: 'assistant', content: 'Two files.' },
      { role: 'system', content: 'Mind the sandbox.' },
    ]);
  });

  test('maps custom tool calls from an earlier Responses thread to function calls', () => {
    assert.deepEqual(
      toChatMessages('', [
        { type: 'customToolCall', callId: 'c1', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
        { type: 'customToolCallOutput', callId: 'c1', output: 'Done' },
      ]),
      [
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch\\n*** End Patch"}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'Done' },
      ],
    );
  });

  test('offers function tools only, streams with usage, and passes the reasoning effort', () => {
    const request: ModelRequest = {
      model: 'llama3.1',
      instructions: 'x',
      conversation: [],
      tools: [
        { kind: 'function', name: 'exec_command', description: 'Run', parameters: { type: 'object' } },
        { kind: 'custom', name: 'apply_patch', description: 'Patch' },
      ],
      reasoningEffort: 'low',
    };
    assert.deepEqual(toChatRequest(request), {
      model: 'llama3.1',
      messages: [{ role: 'system', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'exec_command', description: 'Run', parameters: { type: 'object' } } }],
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: 'low',
    });
  });
});

describe('ChatStreamAssembler', () => {
  const ids = () => {
    let next = 0;
    return (prefix: string) => `${prefix}_${++next}`;
  };
  const delta = (value: object, finish: string | null = null) => ({ choices: [{ index: 0, delta: value, finish_reason: finish }] });

  test('turns reasoning, text, tool call fragments and usage into model events', () => {
    const assembler = new ChatStreamAssembler(ids());
    const events = [
      delta({ role: 'assistant', content: '' }),
      delta({ reasoning_content: 'Think' }),
      delta({ reasoning_content: 'ing.' }),
      delta({ content: 'Let me ' }),
      delta({ content: 'look.' }),
      delta({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'exec_command', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'update_plan', arguments: '{}' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{"cmd":' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '"ls"}' } }] }),
      delta({}, 'tool_calls'),
      { choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 4 } } },
    ].flatMap((chunk) => assembler.push(chunk));
    assert.equal(assembler.finishReason, 'tool_calls');
    assert.deepEqual<ModelEvent[]>(
      [...events, ...assembler.finish()],
      [
        { type: 'reasoningStarted', id: 'rs_1' },
        { type: 'reasoningSummaryPartAdded', id: 'rs_1', summaryIndex: 0 },
        { type: 'reasoningSummaryDelta', id: 'rs_1', summaryIndex: 0, delta: 'Think' },
        { type: 'reasoningSummaryDelta', id: 'rs_1', summaryIndex: 0, delta: 'ing.' },
        { type: 'reasoningCompleted', id: 'rs_1', summary: ['Thinking.'] },
        { type: 'messageStarted', id: 'msg_2' },
        { type: 'messageDelta', id: 'msg_2', delta: 'Let me ' },
        { type: 'messageDelta', id: 'msg_2', delta: 'look.' },
        { type: 'messageCompleted', id: 'msg_2', text: 'Let me look.' },
        { type: 'toolCall', call: { kind: 'function', callId: 'call_a', name: 'exec_command', arguments: '{"cmd":"ls"}' } },
        { type: 'toolCall', call: { kind: 'function', callId: 'call_b', name: 'update_plan', arguments: '{}' } },
        {
          type: 'completed',
          usage: { totalTokens: 15, inputTokens: 10, cachedInputTokens: 4, cacheWriteInputTokens: 0, outputTokens: 5, reasoningOutputTokens: 0 },
        },
      ],
    );
  });

  test('accepts whole tool calls without an index and without an id (older Ollama)', () => {
    const assembler = new ChatStreamAssembler(ids());
    assembler.push(delta({ reasoning: 'hmm' }));
    assembler.push(delta({ tool_calls: [{ id: 'call_x', function: { name: 'exec_command', arguments: '{"cmd":"pwd"}' } }] }));
    assembler.push(delta({ tool_calls: [{ function: { name: 'update_plan', arguments: '{"plan":[]}' } }] }));
    assembler.push(delta({}, 'stop'));
    assert.deepEqual(
      assembler.finish().filter((event) => event.type === 'toolCall'),
      [
        { type: 'toolCall', call: { kind: 'function', callId: 'call_x', name: 'exec_command', arguments: '{"cmd":"pwd"}' } },
        // No id, no index, but a name while the last call has one: a new call, with an id made up.
        { type: 'toolCall', call: { kind: 'function', callId: 'call_2', name: 'update_plan', arguments: '{"plan":[]}' } },
      ],
    );
  });

  test('an error chunk and a length stop become clear model errors', () => {
    const assembler = new ChatStreamAssembler(ids());
    assert.throws(
      () => assembler.push({ error: { message: 'Provider returned error', code: 502 } }),
      (error: ModelError) => error.message === 'The model stream reported an error: Provider returned error' && error.retry.retryable,
    );
    const stopped = new ChatStreamAssembler(ids());
    stopped.push(delta({ content: 'partial' }, 'length'));
    assert.throws(() => stopped.finish(), (error: ModelError) => error.info === 'contextWindowExceeded');
  });
});

describe('ChatCompletionsClient against a loopback server', () => {
  let model: MockChatModel;
  before(async () => (model = await startMockChatModel()));
  after(() => model.close());

  const client = (idleMs = 5000) =>
    new ChatCompletionsClient({ baseUrl: model.baseUrl, apiKey: 'sk-test', apiKeyEnv: 'OPENAI_API_KEY', userAgent: 'test', streamIdleTimeoutMs: idleMs });
  const request: ModelRequest = {
    model: 'llama3.1',
    instructions: 'Be brief.',
    conversation: [{ type: 'message', role: 'user', text: 'hi' }],
    tools: [{ kind: 'function', name: 'exec_command', description: 'Run', parameters: { type: 'object' } }],
  };
  async function collect(chatClient: ChatCompletionsClient) {
    const events: ModelEvent[] = [];
    try {
      for await (const event of chatClient.stream(request, new AbortController().signal)) events.push(event);
    } catch (error) {
      return { events, error: error as ModelError };
    }
    return { events, error: undefined };
  }

  test('posts to /chat/completions and streams text and a tool call, skipping a malformed event', async () => {
    model.reset();
    model.enqueue({ garbageFirst: true, text: ['Hi', ' there'], toolCalls: [{ id: 'call_9', name: 'exec_command', arguments: '{"cmd":"echo hi"}' }] });
    const { events, error } = await collect(client());
    assert.equal(error, undefined);
    assert.deepEqual(
      events.map((event) => (event.type === 'messageDelta' ? event.delta : event.type === 'toolCall' ? event.call : event.type)),
      ['messageStarted', 'Hi', ' there', 'messageCompleted', { kind: 'function', callId: 'call_9', name: 'exec_command', arguments: '{"cmd":"echo hi"}' }, 'completed'],
    );
    assert.equal(model.requests[0].path, '/v1/chat/completions');
    assert.equal(model.requests[0].headers.authorization, 'Bearer sk-test');
    assert.deepEqual(model.requests[0].body.stream_options, { include_usage: true });
  });

  test('a stream cut before its end is a retryable disconnect, and a silent one times out', async () => {
    model.reset();
    model.enqueue({ text: ['Hi'], dropAfterOutput: true }, { hang: true });
    const cut = await collect(client());
    assert.deepEqual(cut.error?.info, { responseStreamDisconnected: { httpStatusCode: null } });
    assert.equal(cut.error?.retry.retryable, true);
    const started = Date.now();
    const silent = await collect(client(150));
    assert.match(silent.error?.message ?? '', /sent nothing for 150 ms/);
    assert.ok(Date.now() - started < 2000);
  });
});
