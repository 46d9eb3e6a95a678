import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ThreadMetadata } from './rollout-records';
import { RolloutPaths } from './rollout-paths';
import { ThreadIndex } from './thread-index';

function metadata(n: number, overrides: Partial<ThreadMetadata> = {}): ThreadMetadata {
  const id = `01a2${String(n).padStart(4, '0')}-2a95-7000-b0e8-ac269ad9c84b`;
  return {
    id, sessionId: id, preview: `preview "${n}" with "createdAt":999 inside`, name: null, ephemeral: false, modelProvider: 'openai',
    model: 'm', reasoningEffort: null, createdAt: 1000 + (n % 7), updatedAt: 2000 + n, recencyAt: null, path: `/x/${id}.jsonl`,
    cwd: '/w', cliVersion: '0.1.0', originator: null, source: 'vscode', forkedFromId: null, parentThreadId: null, agentNickname: null,
    agentRole: null, threadSource: null, gitInfo: null, historyMode: 'paginated', projectId: null, section: null, sectionEnteredAt: null,
    ...overrides,
  };
}

test('entries read back lazily from the log equal what was written, and keep creation order', () => {
  const home = mkdtempSync(join(tmpdir(), 'index-test-'));
  try {
    const writer = new ThreadIndex(new RolloutPaths(home));
    (writer as unknown as { loaded: boolean }).loaded = true; // no reconcile: there are no rollout files here
    const written = Array.from({ length: 50 }, (_, n) => metadata(n, n === 3 ? { name: 'named', source: 'cli', cwd: '/other' } : {}));
    for (const entry of written) writer.put(entry, entry.id.endsWith('0009-2a95-7000-b0e8-ac269ad9c84b'), entry.path!);
    writer.delete(written[10].id);
    writer.close();
    appendFileSync(join(home, 'thread-index.jsonl'), '{"op":"put","entry":{"id":"01a20099-2a95-7000-b0e8-ac269ad9c84b","pa');

    const reader = new ThreadIndex(new RolloutPaths(home)) as unknown as { readLog(): boolean; entries: Map<string, any>; sortedByCreated(): any[]; loaded: boolean };
    reader.loaded = true;
    reader.readLog();
    assert.equal(reader.entries.size, 49, 'the deleted one and the torn line are gone');
    for (const expected of written.filter((_, n) => n !== 10)) {
      const entry = reader.entries.get(expected.id);
      assert.equal(entry.createdAt, expected.createdAt);
      assert.equal(entry.field('updatedAt'), expected.updatedAt);
      assert.equal(entry.field('source'), expected.source);
      assert.equal(entry.field('cwd'), expected.cwd);
      assert.equal(entry.field('name'), expected.name);
      assert.equal(entry.archived, expected.id === written[9].id);
      assert.deepEqual(entry.metadata, expected);
    }
    const order = reader.sortedByCreated().map((entry) => entry.id);
    const expectedOrder = written
      .filter((_, n) => n !== 10)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      .map((entry) => entry.id);
    assert.deepEqual(order, expectedOrder);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('closing a mostly stale log compacts it to one line per thread', () => {
  const home = mkdtempSync(join(tmpdir(), 'index-test-'));
  try {
    const index = new ThreadIndex(new RolloutPaths(home));
    (index as unknown as { loaded: boolean }).loaded = true;
    const entry = metadata(1);
    for (let update = 0; update < 30; update++) index.put({ ...entry, updatedAt: 3000 + update }, false, entry.path!);
    index.close();
    const lines = readFileSync(join(home, 'thread-index.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /"updatedAt":3029/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
