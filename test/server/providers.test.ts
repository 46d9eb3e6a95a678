/**
 * Model providers and their faults, end to end against the built server:
 * retries with a notice (`error` with `willRetry: true`), clear failures
 * within a bounded time, never a hung turn; and Chat Completions with a tool
 * call. Every model is a loopback server.
 *
 * The provider settings come from the environment: CODEX_THREADS_WIRE_API,
 * CODEX_THREADS_MAX_RETRIES (retries after the first attempt),
 * CODEX_THREADS_RETRY_BASE_MS and CODEX_THREADS_STREAM_IDLE_TIMEOUT_MS.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { startMockChatModel, type MockChatModel } from '../support/mock-chat-model';
import { GARBAGE_EVENT, responsesSse, startFaultyModel, type FaultyModel } from '../support/mock-faults';
import { deltasMessage, startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { startServer, type ServerProcess } from '../support/server-process';

/** Three attempts in all, retried almost at once. */
const RETRIES = { CODEX_THREADS_MAX_RETRIES: '2', CODEX_THREADS_RETRY_BASE_MS: '1' };
const TURN_TIMEOUT_MS = 15_000;

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startWith(baseUrl: string, extra: Record<string, string> = {}): Promise<{ server: ServerProcess; threadId: string }> {
  server = startServer({ env: { OPENAI_BASE_URL: baseUrl, OPENAI_API_KEY: 'sk-test-key', ...RETRIES, ...extra } });
  await server.initialize();
  const { thread } = await server.call('thread/start', { cwd: process.cwd() });
  return { server, threadId: thread.id };
}

/** The `error` notifications of the run, as [willRetry, codexErrorInfo, message]. */
function errorNotices(client: ServerProcess): Array<[boolean, unknown, string]> {
  return client.notifications('error').map((message) => [message.params.willRetry, message.params.error.codexErrorInfo, message.params.error.message]);
}

function indexOf(client: ServerProcess, method: string, predicate: (params: any) => boolean = () => true): number {
  return client.messages.findIndex((message) => message.method === method && !('id' in message) && predicate(message.params));
}

describe('provider faults over the Responses API', () => {
  let model: MockModel;
  let faulty: FaultyModel;
  before(async () => {
    model = await startMockModel();
    faulty = await startFaultyModel();
  });
  after(async () => {
    await model.close();
    await faulty.close();
  });

  test('429 with Retry-After: 0, then success: the turn completes after an error notice with willRetry', async (t) => {
    model.reset();
    model.enqueue({ status: 429, headers: { 'retry-after': '0' }, errorBody: { error: { message: 'Rate limit reached', type: 'requests' } } }, { output: [textMessage('Recovered.', { chunks: 2 })] });
    const { server, threadId } = await startWith(model.baseUrl);
    const turn = await server.runTurn(threadId, 'hello', TURN_TIMEOUT_MS);
    assert.equal(turn.status, 'completed');
    assert.equal(turn.error, null);
    assert.deepEqual(errorNotices(server), [
      [true, 'rateLimitExceeded', 'Rate limited by the model provider (HTTP 429). Wait a moment and try again. Retrying in 0 ms (attempt 2 of 3).'],
    ]);
    const notice = server.notifications('error')[0].params;
    assert.deepEqual({ threadId: notice.threadId, turnId: notice.turnId, details: notice.error.additionalDetails }, { threadId, turnId: turn.id, details: 'Rate limit reached' });
    assert.ok(indexOf(server, 'error') < indexOf(server, 'item/agentMessage/delta'), 'the notice comes before the answer');
    assert.equal(model.requests.length, 2);
    assertConformsToOfficialSchema(t, server);
  });

  test('500 on every attempt: the turn fails with a clear message after a bounded time', async (t) => {
    model.reset();
    model.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const { server, threadId } = await startWith(model.baseUrl);
    const started = Date.now();
    const turn = await server.runTurn(threadId, 'hello', TURN_TIMEOUT_MS);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    const error = {
      message: 'Gave up after 3 attempts. The model provider failed (HTTP 500). Try again later.',
      codexErrorInfo: { responseTooManyFailedAttempts: { httpStatusCode: 500 } },
      additionalDetails: 'mock error 500',
    };
    assert.equal(turn.status, 'failed');
    assert.deepEqual(turn.error, error);
    assert.deepEqual(
      errorNotices(server).map(([willRetry, info]) => [willRetry, info]),
      [
        [true, 'internalServerError'],
        [true, 'internalServerError'],
        [false, error.codexErrorInfo],
      ],
    );
    assert.equal(model.requests.length, 3);
    assertConformsToOfficialSchema(t, server);
  });

  test('an authentication error is not retried and says which variable to set', async () => {
    model.reset();
    model.enqueue({ status: 401, errorBody: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } });
    const { server, threadId } = await startWith(model.baseUrl);
    const turn = await server.runTurn(threadId, 'hello', TURN_TIMEOUT_MS);
    assert.equal(turn.status, 'failed');
    assert.equal(turn.error.codexErrorInfo, 'unauthorized');
    assert.match(turn.error.message, /rejected the API key \(HTTP 401\)\. Set OPENAI_API_KEY/);
    assert.deepEqual(errorNotices(server).map(([willRetry]) => willRetry), [false]);
    assert.equal(model.requests.length, 1);
  });

  test('a connection reset before any output is retried; one mid-answer fails the turn and says so', async (t) => {
    faulty.enqueue(
      { body: responsesSse('x').slice(0, 1), after: 'reset' },
      { body: responsesSse('After the reset.') },
      { body: responsesSse('Hello there, friend', { chunks: 6, cutAfterDeltas: 2 }), after: 'reset' },
    );
    const { server, threadId } = await startWith(faulty.baseUrl);
    const first = await server.runTurn(threadId, 'one', TURN_TIMEOUT_MS);
    assert.equal(first.status, 'completed');
    assert.deepEqual(errorNotices(server).map(([willRetry, info]) => [willRetry, info]), [[true, { responseStreamDisconnected: { httpStatusCode: null } }]]);

    const second = await server.runTurn(threadId, 'two', TURN_TIMEOUT_MS);
    assert.equal(second.status, 'failed');
    assert.deepEqual(second.error.codexErrorInfo, { responseStreamDisconnected: { httpStatusCode: null } });
    assert.match(second.error.message, /closed before the response was complete .*not retried automatically: send your message again/);
    const deltas = server.notifications('item/agentMessage/delta').filter((message) => message.params.turnId === second.id);
    assert.equal(deltas.map((message) => message.params.delta).join(''), 'Hello th', 'the partial answer was streamed');
    assert.equal(faulty.requests.length, 3, 'the broken answer was not replayed');
    assertConformsToOfficialSchema(t, server);
  });

  test('malformed SSE: a garbage event is skipped; a stream of nothing but garbage fails clearly', async () => {
    faulty.enqueue(
      { body: [GARBAGE_EVENT, ...responsesSse('Still fine.', { chunks: 3 })] },
      { body: [GARBAGE_EVENT] },
      { body: [GARBAGE_EVENT] },
      { body: [GARBAGE_EVENT] },
    );
    const { server, threadId } = await startWith(faulty.baseUrl);
    const fine = await server.runTurn(threadId, 'one', TURN_TIMEOUT_MS);
    assert.equal(fine.status, 'completed');
    const completedMessage = server.notifications('item/completed').find((message) => message.params.item.type === 'agentMessage');
    assert.equal(completedMessage?.params.item.text, 'Still fine.');

    const broken = await server.runTurn(threadId, 'two', TURN_TIMEOUT_MS);
    assert.equal(broken.status, 'failed');
    assert.equal(
      broken.error.message,
      `Gave up after 3 attempts. The connection to the model provider at ${faulty.baseUrl} closed before the response was complete (the stream ended without response.completed; 1 malformed event was skipped).`,
    );
    assert.match(server.stderr, /skipped an event that is not JSON/);
  });

  test('a stream that goes silent is abandoned after the idle timeout and retried; silent mid-answer, the turn fails', async () => {
    model.reset();
    model.enqueue({ hang: true, output: [] }, { output: [textMessage('Back again.')] }, { hang: true, output: [deltasMessage(['Half an ', 'answer'])] });
    const { server, threadId } = await startWith(model.baseUrl, { CODEX_THREADS_STREAM_IDLE_TIMEOUT_MS: '500' });
    let started = Date.now();
    const recovered = await server.runTurn(threadId, 'one', TURN_TIMEOUT_MS);
    assert.equal(recovered.status, 'completed');
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    const notices = errorNotices(server);
    assert.deepEqual(notices.map(([willRetry, info]) => [willRetry, info]), [[true, { responseStreamDisconnected: { httpStatusCode: null } }]]);
    assert.match(
      notices[0][2],
      /^The model provider at \S+ sent nothing for 500 ms, so the request was abandoned\. If a slow model needs longer, raise stream_idle_timeout_ms\. Retrying in [01] ms \(attempt 2 of 3\)\.$/,
    );

    started = Date.now();
    const silent = await server.runTurn(threadId, 'two', TURN_TIMEOUT_MS);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.equal(silent.status, 'failed');
    assert.match(silent.error.message, /sent nothing for 500 ms.*not retried automatically/);
    assert.equal(model.requests.length, 3);
  });
});

describe('Chat Completions (wire API "chat")', () => {
  let chat: MockChatModel;
  let workspace: string;
  before(async () => {
    chat = await startMockChatModel();
    workspace = mkdtempSync(join(tmpdir(), 'codex-threads-workspace-'));
  });
  after(async () => {
    await chat.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('the model calls exec_command, gets its output as a tool message, then answers', async (t) => {
    chat.reset();
    chat.enqueue(
      { reasoning: ['I should ', 'run it.'], toolCalls: [{ id: 'call_chat_1', name: 'exec_command', arguments: '{"cmd":"echo hi","login":false}' }] },
      { text: ['The command ', 'printed hi.'] },
    );
    server = startServer({ env: { OPENAI_BASE_URL: chat.baseUrl, OPENAI_API_KEY: 'sk-test-key', CODEX_THREADS_WIRE_API: 'chat', ...RETRIES } });
    await server.initialize();
    const { thread } = await server.call('thread/start', { cwd: workspace, approvalPolicy: 'never', sandbox: 'danger-full-access' });
    const turn = await server.runTurn(thread.id, 'say hi', TURN_TIMEOUT_MS);
    assert.equal(turn.status, 'completed', JSON.stringify(turn.error));

    assert.equal(chat.requests.length, 2);
    const [first, second] = chat.requests.map((request) => request.body);
    assert.equal(chat.requests[0].path, '/v1/chat/completions');
    assert.equal(first.stream, true);
    assert.deepEqual(first.stream_options, { include_usage: true });
    assert.equal(first.messages[0].role, 'system');
    assert.deepEqual(first.messages.at(-1), { role: 'user', content: 'say hi' });
    assert.ok(first.tools.every((tool: any) => tool.type === 'function'), 'function tools only');
    assert.ok(first.tools.some((tool: any) => tool.function.name === 'exec_command'));

    const tail = second.messages.slice(-2);
    assert.deepEqual(tail[0], {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_chat_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"echo hi","login":false}' } }],
    });
    assert.equal(tail[1].role, 'tool');
    assert.equal(tail[1].tool_call_id, 'call_chat_1');
    assert.match(tail[1].content, /hi/);

    const completed = server.notifications('item/completed').map((message) => message.params.item);
    const command = completed.find((item) => item.type === 'commandExecution');
    assert.equal(command?.id, 'call_chat_1');
    assert.equal(command?.exitCode, 0);
    assert.match(command?.aggregatedOutput, /(^|\n)hi\n$/);
    assert.deepEqual(completed.filter((item) => item.type === 'reasoning').map((item) => item.summary), [['I should run it.']]);
    assert.deepEqual(completed.filter((item) => item.type === 'agentMessage').map((item) => item.text), ['The command printed hi.']);
    const usage = server.notifications('thread/tokenUsage/updated').at(-1)?.params.tokenUsage.last;
    assert.deepEqual([usage?.inputTokens, usage?.outputTokens], [12, 4]);
    assertConformsToOfficialSchema(t, server);
  });

  test('a rate limit over Chat Completions is retried with a notice too', async () => {
    chat.reset();
    chat.enqueue({ status: 429, headers: { 'retry-after-ms': '5' } }, { text: ['ok'] });
    server = startServer({ env: { OPENAI_BASE_URL: chat.baseUrl, OPENAI_API_KEY: 'sk-test-key', CODEX_THREADS_WIRE_API: 'chat', ...RETRIES } });
    await server.initialize();
    const { thread } = await server.call('thread/start', { cwd: workspace });
    const turn = await server.runTurn(thread.id, 'hello', TURN_TIMEOUT_MS);
    assert.equal(turn.status, 'completed');
    assert.deepEqual(errorNotices(server).map(([willRetry, info, message]) => [willRetry, info, message.endsWith('Retrying in 5 ms (attempt 2 of 3).')]), [
      [true, 'rateLimitExceeded', true],
    ]);
  });
});
