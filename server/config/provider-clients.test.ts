import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ModelError } from '../agent/model-error';
import type { ModelClient, ModelEvent } from '../agent/model-events';
import { ConfigSource } from './config-source';
import { ProviderClients, RedactingClient } from './provider-clients';
import { SecretSet } from './redact';

const home = mkdtempSync(join(tmpdir(), 'provider-clients-'));
after(() => rmSync(home, { recursive: true, force: true }));
writeFileSync(join(home, 'config.toml'), '[model_providers.gw]\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\nenv_key_instructions = "Ask the platform team."\n');

const request = { model: 'm', instructions: '', conversation: [], tools: [] };

async function failureOf(client: ModelClient): Promise<ModelError> {
  try {
    for await (const _event of client.stream(request, new AbortController().signal)) {
      // draining
    }
  } catch (error) {
    return error as ModelError;
  }
  throw new Error('expected the stream to fail');
}

test('an unknown provider fails the turn with what to configure', async () => {
  const clients = new ProviderClients(new ConfigSource(home, {}), {}, 'test');
  const error = await failureOf(clients.forThread({ modelProvider: 'nowhere' }));
  assert.equal(error.message, `Model provider "nowhere" is not configured: add [model_providers.nowhere] with a base_url to ${join(home, 'config.toml')}, or use one of: openai, ollama, gw.`);
});

test('an explicit env_key that is not set fails with the variable and its instructions', async () => {
  const clients = new ProviderClients(new ConfigSource(home, {}), {}, 'test');
  const error = await failureOf(clients.forThread({ modelProvider: 'gw' }));
  assert.equal(error.message, 'No API key for model provider "gw": set the environment variable GW_KEY. Ask the platform team.');
  assert.equal(error.info, 'unauthorized');
});

test('one client per provider definition; a thread override makes another', () => {
  const clients = new ProviderClients(new ConfigSource(home, { GW_KEY: 'k-0123456789' }), { GW_KEY: 'k-0123456789' }, 'test');
  assert.equal(clients.forProvider('gw'), clients.forProvider('gw'));
  assert.notEqual(clients.forThread({ modelProvider: 'gw', providerOverrides: { gw: { wire_api: 'chat' } } }), clients.forProvider('gw'));
  assert.equal(clients.forThread({ modelProvider: 'gw', providerOverrides: { gw: { wire_api: 'chat' } } }).supportsCustomTools, false);
  assert.equal(clients.forProvider('gw').supportsCustomTools, true);
});

test('RedactingClient removes known secrets from errors and retry notices', async () => {
  const secrets = new SecretSet();
  secrets.add('sk-echoed-0123456789');
  const inner: ModelClient = {
    supportsCustomTools: true,
    async *stream(): AsyncIterable<ModelEvent> {
      yield {
        type: 'retrying',
        attempt: 2,
        maxAttempts: 3,
        delayMs: 1,
        error: { message: 'bad key sk-echoed-0123456789', codexErrorInfo: 'other', additionalDetails: 'Bearer sk-echoed-0123456789' },
      };
      throw new ModelError('Incorrect API key provided: sk-echoed-0123456789', 'unauthorized', 'key sk-echoed-0123456789');
    },
  };
  const events: ModelEvent[] = [];
  let failure: ModelError | undefined;
  try {
    for await (const event of new RedactingClient(inner, secrets).stream(request, new AbortController().signal)) events.push(event);
  } catch (error) {
    failure = error as ModelError;
  }
  assert.doesNotMatch(JSON.stringify(events), /sk-echoed/);
  assert.equal(failure?.message, 'Incorrect API key provided: [redacted]');
  assert.equal(failure?.details, 'key [redacted]');
  assert.doesNotMatch(failure?.stack ?? '', /sk-echoed/);
});
