/**
 * Property-based fuzzing of the stdio boundary (issue 7): 10,000 random and
 * mutated lines — bad JSON, wrong types, huge strings, 10,000-level nesting,
 * unknown methods, ids of every type, random bytes, `\r\n`, blank lines —
 * written to the built server in batches cut at random byte offsets (so
 * UTF-8 characters are split across writes).
 *
 * The oracle is our framing and classification rule (PROTOCOL.md §1.4):
 * every non-blank line is one message; an unparseable or non-object line,
 * or a request whose id is not a string or a safe integer, gets one error
 * with `id: null`; a request with a valid id gets exactly one response with
 * that id; notifications and responses get nothing. The test counts every
 * answer against it, checks the codes, then runs a normal turn.
 *
 * Deterministic: the seed is fixed and printed; rerun a failure with it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { startMockModel, textMessage } from '../support/mock-model';
import type { Message } from '../support/rpc-client';
import { modelEnv } from '../support/scenarios';
import { startServer, type ServerProcess } from '../support/server-process';

const SEED = 20251125;
const BATCHES = 100;
const LINES_PER_BATCH = 100;
const PROPER_CODES = new Set([-32700, -32600, -32601, -32602, -32603, -32001]);

const METHODS = [
  'initialize', 'thread/start', 'thread/resume', 'thread/fork', 'thread/read', 'thread/list', 'thread/turns/list',
  'thread/items/list', 'thread/loaded/list', 'thread/archive', 'thread/unarchive', 'thread/name/set',
  'thread/unsubscribe', 'thread/revert', 'turn/start', 'turn/steer', 'turn/interrupt', 'thread/compact/start',
  'model/list', 'config/read',
];
/** Methods that would call the model if they reached a real thread; fuzzed only against unknown ids. */
const MODEL_CALLING = new Set(['turn/start', 'thread/compact/start']);

test('10,000 random and mutated stdio messages: no crash, one answer per request, then a normal turn', async (t) => {
  const model = await startMockModel();
  const server = startServer({ env: modelEnv(model) });
  try {
    await server.initialize('fuzzer');
    const { thread } = await server.call('thread/start', {});
    const answers = new AnswerCounter(server);
    const expected = new Map<string, number>();
    let expectedTotal = 0;
    t.diagnostic(`fast-check seed ${SEED}: ${BATCHES} batches of ${LINES_PER_BATCH} lines`);
    const startedAt = Date.now();
    let bytesSent = 0;

    await fc.assert(
      fc.asyncProperty(batchArbitrary(thread.id), async ({ lines, cuts }) => {
        const bytes = Buffer.concat(lines);
        for (const key of expectedAnswers(bytes)) {
          expected.set(key, (expected.get(key) ?? 0) + 1);
          expectedTotal++;
        }
        await writeInPieces(server, bytes, cuts);
        bytesSent += bytes.length;
        await answers.waitForTotal(expectedTotal, 5000);
        assert.equal(server.child.exitCode, null, 'the server is still running');
      }),
      { seed: SEED, numRuns: BATCHES, endOnFailure: true },
    );

    // Late duplicates would show up here.
    await new Promise((resolve) => setTimeout(resolve, 100));
    answers.scan();
    assert.deepEqual(sorted(answers.counts), sorted(expected), 'exactly the expected answers, each once');
    assert.deepEqual(answers.improper, [], 'every error has a proper code and a message');
    t.diagnostic(
      `${bytesSent} bytes, ${expectedTotal} answers in ${Date.now() - startedAt} ms; ${answers.results} results, errors by code ${JSON.stringify(Object.fromEntries(answers.codes))}`,
    );

    const turnsRequested = () => model.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/responses')).length;
    assert.equal(turnsRequested(), 0, 'no fuzzed message started a turn');
    // The fuzz used the client's own numeric ids too; forget its answers (all counted) so they cannot match.
    server.messages.length = 0;
    model.enqueue({ output: [textMessage('still serving', { chunks: 3 })] });
    const fresh = await server.call('thread/start', {});
    const turn = await server.runTurn(fresh.thread.id, 'after the storm');
    assert.equal(turn.status, 'completed');
    const agent = server.waitFor((message) => message.method === 'item/completed' && message.params.item.type === 'agentMessage');
    assert.equal((await agent).params.item.text, 'still serving');
  } finally {
    assert.equal(await server.close(), 0);
    await model.close();
  }
});

// ---- the oracle ----------------------------------------------------------

/** Answer keys a batch must produce: `JSON.stringify(id)` per request, `"null"` per id-less error. */
function expectedAnswers(bytes: Uint8Array): string[] {
  // Each batch ends with `\n`, so the server's streaming decoder is at a character boundary here too.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const keys: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      keys.push('null');
      continue;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      keys.push('null');
      continue;
    }
    const fields = message as Record<string, unknown>;
    const hasId = Object.hasOwn(fields, 'id');
    const idKey = isRequestId(fields.id) ? JSON.stringify(fields.id) : 'null';
    if (typeof fields.method === 'string') {
      if (hasId) keys.push(idKey);
    } else if (!(hasId && (Object.hasOwn(fields, 'result') || Object.hasOwn(fields, 'error')))) {
      keys.push(idKey);
    }
  }
  return keys;
}

function isRequestId(value: unknown): boolean {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
}

/** Counts the server's responses by id key as they arrive; notes any improper error. */
class AnswerCounter {
  readonly counts = new Map<string, number>();
  readonly codes = new Map<number, number>();
  readonly improper: Message[] = [];
  results = 0;
  private total = 0;
  private scanned: number;

  constructor(private readonly server: ServerProcess) {
    this.scanned = server.messages.length;
  }

  scan(): void {
    for (; this.scanned < this.server.messages.length; this.scanned++) {
      const message = this.server.messages[this.scanned];
      if ('method' in message) continue;
      const key = JSON.stringify(message.id);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      this.total++;
      if ('error' in message) {
        const { code, message: text } = message.error ?? {};
        this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
        if (!PROPER_CODES.has(code) || typeof text !== 'string' || text === '') this.improper.push(message);
        if (message.id === null && code !== -32700 && code !== -32600) this.improper.push(message);
      } else if ('result' in message) {
        this.results++;
      } else {
        this.improper.push(message);
      }
    }
  }

  async waitForTotal(total: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (this.scan(); this.total < total; this.scan()) {
      if (Date.now() > deadline) throw new Error(`timed out: ${this.total} of ${total} answers; stderr:\n${this.server.stderr.slice(-1500)}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

function sorted(map: Map<string, number>): Array<[string, number]> {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Writes a batch in pieces, pausing between them so they arrive as separate reads. */
async function writeInPieces(server: ServerProcess, bytes: Buffer, cuts: number[]): Promise<void> {
  // Always cut inside the first multibyte character, so split UTF-8 is exercised in every batch that has one.
  const lead = bytes.findIndex((byte) => byte >= 0xc0 && byte < 0xf8);
  const positions = [...new Set([...(lead >= 0 ? [lead + 1] : []), ...cuts.map((cut) => cut % bytes.length)])]
    .filter((position) => position > 0)
    .sort((a, b) => a - b);
  let start = 0;
  for (const position of [...positions, bytes.length]) {
    server.sendRaw(bytes.subarray(start, position));
    start = position;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

// ---- the generators ------------------------------------------------------

function batchArbitrary(realThreadId: string) {
  return fc.record({
    lines: fc.array(lineArbitrary(realThreadId), { minLength: LINES_PER_BATCH, maxLength: LINES_PER_BATCH }),
    cuts: fc.array(fc.nat(), { maxLength: 5 }),
  });
}

/** One line's bytes, terminator included. */
function lineArbitrary(realThreadId: string): fc.Arbitrary<Buffer> {
  const request = requestArbitrary(realThreadId);
  const text = fc.oneof(
    { weight: 160, arbitrary: request.map((message) => JSON.stringify(message)) },
    { weight: 32, arbitrary: fc.record({ method: methodArbitrary, params: paramsArbitrary(realThreadId) }, { requiredKeys: ['method'] }).map((message) => JSON.stringify(message)) },
    { weight: 20, arbitrary: fc.record({ id: idArbitrary, result: fc.jsonValue({ maxDepth: 2 }), error: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['id'] }).map((message) => JSON.stringify(message)) },
    { weight: 32, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.fullUnicodeString({ maxLength: 20 })) },
    { weight: 32, arbitrary: fc.tuple(request, fc.nat()).map(([message, cut]) => { const json = JSON.stringify(message); return json.slice(0, cut % json.length); }) },
    { weight: 32, arbitrary: fc.tuple(request, mutationsArbitrary).map(([message, mutations]) => mutate(JSON.stringify(message), mutations)) },
    { weight: 20, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)) },
    { weight: 12, arbitrary: fc.record({ id: idArbitrary, method: fc.jsonValue({ maxDepth: 1 }), params: fc.jsonValue({ maxDepth: 1 }) }).map((message) => JSON.stringify(message)) },
    { weight: 12, arbitrary: fc.constantFrom('', ' ', '\t', '  \t ', '\r') },
    { weight: 1, arbitrary: deepArbitrary(realThreadId) },
    { weight: 1, arbitrary: hugeArbitrary },
  );
  const line = fc.oneof({ weight: 96, arbitrary: text.map((value) => Buffer.from(value, 'utf8')) }, { weight: 4, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)) });
  return fc.tuple(line, fc.constantFrom('\n', '\n', '\n', '\r\n')).map(([body, end]) => Buffer.concat([body, Buffer.from(end)]));
}

const methodArbitrary = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...METHODS) },
  { weight: 2, arbitrary: fc.constantFrom('no/such/method', '', 'thread/', 'Thread/Start', '$/cancelRequest', 'initialized', '__proto__', 'constructor') },
  { weight: 2, arbitrary: fc.fullUnicodeString({ maxLength: 12 }) },
);

/** Ids of every type: valid strings and integers (negative, zero, the safe extremes) and invalid floats, huge numbers, null, objects. */
const idArbitrary = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -1e12, max: 1e12 }) },
  { weight: 5, arbitrary: fc.fullUnicodeString({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, '', '0', 'null') },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 2 ** 53, 1e300, -1e21, 13.5, [], {}, [1], { id: 1 }) },
);

function requestArbitrary(realThreadId: string) {
  return fc
    .record(
      {
        id: idArbitrary,
        method: methodArbitrary,
        params: paramsArbitrary(realThreadId),
        jsonrpc: fc.constantFrom('2.0', '1.0', 2),
        trace: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: ['id', 'method'] },
    )
    .map((message) =>
      MODEL_CALLING.has(message.method as string) && (message.params as { threadId?: unknown } | undefined)?.threadId === realThreadId
        ? { ...message, params: { ...(message.params as object), threadId: 'not-a-real-thread' } }
        : message,
    );
}

function paramsArbitrary(realThreadId: string): fc.Arbitrary<unknown> {
  const anything = fc.jsonValue({ maxDepth: 2 });
  const text = fc.oneof(fc.fullUnicodeString({ maxLength: 30 }), anything);
  const plausible = fc.record(
    {
      threadId: fc.oneof(fc.constant(realThreadId), fc.fullUnicodeString({ maxLength: 40 }), anything),
      turnId: text,
      expectedTurnId: text,
      input: fc.oneof(
        anything,
        fc.array(fc.record({ type: fc.constantFrom('text', 'image', 'localImage', 'skill', 'mention', 'txt'), text, url: text, path: text }, { requiredKeys: ['type'] }), { maxLength: 3 }),
      ),
      name: text,
      cursor: text,
      limit: fc.oneof(fc.integer(), fc.double(), text),
      cwd: text,
      model: text,
      approvalPolicy: fc.oneof(fc.constantFrom('never', 'on-request', 'untrusted', 'on-failure'), anything),
      sandbox: fc.oneof(fc.constantFrom('read-only', 'workspace-write', 'danger-full-access'), anything),
      includeTurns: fc.oneof(fc.boolean(), anything),
      archived: fc.oneof(fc.boolean(), anything),
      config: anything,
      clientInfo: anything,
    },
    { requiredKeys: [] },
  );
  return fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 2, arbitrary: anything }, { weight: 1, arbitrary: fc.constant({}) });
}

type Mutation = { at: number; kind: 'delete' | 'insert' | 'replace'; text: string };
const mutationsArbitrary = fc.array(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('delete' as const, 'insert' as const, 'replace' as const),
    text: fc.oneof(fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\\', '\n', '\r', '0', '-', '.', 'e', 'null', '\u00e9', '\ud83c\udf0d', '\u2028'), fc.fullUnicodeString({ maxLength: 3 })),
  }),
  { minLength: 1, maxLength: 3 },
);

function mutate(json: string, mutations: Mutation[]): string {
  let result = json;
  for (const { at, kind, text } of mutations) {
    const index = at % (result.length + 1);
    if (kind === 'delete') result = result.slice(0, index) + result.slice(index + 1);
    else if (kind === 'insert') result = result.slice(0, index) + text + result.slice(index);
    else result = result.slice(0, index) + text + result.slice(index + 1);
  }
  return result;
}

/** 10,000 levels of nesting, in the places a parser or a serializer might recurse. */
function deepArbitrary(realThreadId: string): fc.Arbitrary<string> {
  const depth = 10_000;
  const array = '['.repeat(depth) + ']'.repeat(depth);
  const object = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  return fc.constantFrom(
    array,
    object,
    `{"id":"deep-params","method":"thread/list","params":${array}}`,
    `{"id":[${array}],"method":"thread/list","params":{}}`,
    `{"id":"deep-config","method":"thread/start","params":{"config":${object}}}`,
    `{"id":"deep-name","method":"thread/name/set","params":{"threadId":"${realThreadId}","name":${object}}}`,
    `{"id":"deep-unknown","method":"thread/read","params":{"threadId":"${realThreadId}","extra":${array}}}`,
    `{"method":"initialized","params":${object}}`,
    '['.repeat(depth), // unterminated
  );
}

/** Large strings (16 KB to 128 KB; a couple of MB over the whole run) as text, name, method or id. */
const hugeArbitrary = fc.tuple(fc.integer({ min: 16 * 1024, max: 128 * 1024 }), fc.constantFrom('text', 'name', 'method', 'id', 'garbage')).map(([size, where]) => {
  const big = 'é'.repeat(size / 2);
  switch (where) {
    case 'text':
      return JSON.stringify({ id: `huge-${size}`, method: 'turn/start', params: { threadId: 'not-a-real-thread', input: [{ type: 'text', text: big }] } });
    case 'name':
      return JSON.stringify({ id: `huge-name-${size}`, method: 'thread/name/set', params: { threadId: 'not-a-real-thread', name: big } });
    case 'method':
      return JSON.stringify({ id: `huge-method-${size}`, method: big, params: {} });
    case 'id':
      return JSON.stringify({ id: big, method: 'model/list', params: {} });
    default:
      return big;
  }
});
