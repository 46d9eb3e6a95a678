import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { clientRequests, serverNotifications } from '../../server/protocol';
import { typeNameOf } from '../../server/schema-export/protocol-schemas';
import { OFFICIAL_SCHEMA_DIR } from '../support/official-schema';
import { SchemaDiff } from '../support/schema-diff';
import { SERVER_JS } from '../support/server-process';

const SNAPSHOT = resolve(__dirname, '..', 'snapshots', 'codex_threads_protocol.schemas.json');

describe('our protocol schema', () => {
  test('generate-json-schema matches the committed snapshot (run `npm run schema:update` after a deliberate change)', () => {
    const out = mkdtempSync(join(tmpdir(), 'codex-threads-schema-'));
    try {
      execFileSync(process.execPath, [SERVER_JS, 'generate-json-schema', '--out', out], { stdio: 'pipe' });
      const exported = JSON.parse(readFileSync(join(out, 'codex_threads_protocol.schemas.json'), 'utf8'));
      const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8'));
      assert.deepEqual(exported, snapshot, 'the exported schema changed: review it, then run `npm run schema:update`');
      execFileSync(process.execPath, [SERVER_JS, 'generate-ts', '--out', out], { stdio: 'pipe' });
      const declarations = readFileSync(join(out, 'codex-threads-protocol.ts'), 'utf8');
      assert.match(declarations, /export type ThreadStartParams = \{/);
      assert.match(declarations, /export type TurnCompletedNotification = \{\n  threadId: string;\n  turn: \{/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('agrees with the official Codex 0.169.0 schema for every method and notification we implement', (t) => {
    if (!existsSync(join(OFFICIAL_SCHEMA_DIR, 'ClientRequest.json'))) {
      t.skip(`official schema not found at ${OFFICIAL_SCHEMA_DIR}`);
      return;
    }
    const read = (name: string) => JSON.parse(readFileSync(join(OFFICIAL_SCHEMA_DIR, name), 'utf8'));
    const v2 = read('codex_app_server_protocol.v2.schemas.json').definitions;
    const all = read('codex_app_server_protocol.schemas.json').definitions;
    const definitions = { ...all, ...v2 };
    const diff = new SchemaDiff(definitions);
    const refName = (schema: any) => String(schema.$ref).split('/').pop()!;

    const requestTypes = new Map<string, string>();
    for (const variant of read('ClientRequest.json').oneOf) requestTypes.set(variant.properties.method.enum[0], refName(variant.properties.params));
    const notificationTypes = new Map<string, string>();
    for (const variant of read('ServerNotification.json').oneOf) {
      notificationTypes.set(variant.properties.method.enum[0], refName(variant.properties.params));
    }

    const differences: string[] = [];
    for (const [method, spec] of Object.entries(clientRequests)) {
      const paramsType = requestTypes.get(method);
      if (!paramsType) {
        differences.push(`${method}: not an official method`);
        continue;
      }
      const resultType = paramsType.replace(/Params$/, 'Response');
      differences.push(...diff.compare(spec.params, definitions[paramsType], `${method} params`, 'params'));
      differences.push(...diff.compare(spec.result, definitions[resultType], `${method} result`, 'result'));
    }
    for (const [method, schema] of Object.entries(serverNotifications)) {
      const type = notificationTypes.get(method);
      if (!type) {
        differences.push(`${method}: not an official notification`);
        continue;
      }
      differences.push(...diff.compare(schema, definitions[type], `${method} notification`, 'result'));
    }
    // Upstream 0.169.0 emits these on every item although its schema omits
    // them (PROTOCOL.md §4.1, observed on the wire); we emit them the same way.
    const observedOutsideSchema = /item(s\[\])?<\w+>\.(startedAtMs|completedAtMs): we emit/;
    const real = differences.filter((difference) => !observedOutsideSchema.test(difference));
    t.diagnostic(`${Object.keys(clientRequests).length} methods and ${Object.keys(serverNotifications).length} notifications compared (${typeNameOf('thread/start')}…)`);
    assert.deepEqual(real, []);
  });
});
