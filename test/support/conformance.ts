/**
 * Asserts that every message a server sent conforms to the official Codex
 * schema. Skips (with a note in the test output) when the schema is absent.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { loadOfficialSchema, OFFICIAL_SCHEMA_DIR } from './official-schema';
import type { ServerProcess } from './server-process';

export function assertConformsToOfficialSchema(t: TestContext, server: ServerProcess): void {
  const schema = loadOfficialSchema();
  if (!schema) {
    t.diagnostic(`official schema not found at ${OFFICIAL_SCHEMA_DIR}: conformance check skipped`);
    return;
  }
  const problems = server.messages.flatMap((message) => schema.check(message, server.requestMethods));
  assert.deepEqual(problems, [], `messages not conforming to the official schema:\n${problems.join('\n')}`);
}
