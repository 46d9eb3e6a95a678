import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelCatalog } from './model-catalog';

const ids = (models: Array<{ id: string; isDefault: boolean }>) => models.map((model) => (model.isDefault ? `*${model.id}` : model.id));

test('without a provider list: the static catalog, the default marked, configured models added', () => {
  assert.deepEqual(ids(modelCatalog({ defaultModel: 'gpt-5.1-codex' })), ['*gpt-5.1-codex', 'gpt-5.1-codex-mini', 'gpt-5.1']);
  assert.deepEqual(ids(modelCatalog({ defaultModel: 'llama3.1', configuredModels: ['llama3.1', 'qwen3'] })), [
    '*llama3.1',
    'gpt-5.1-codex',
    'gpt-5.1-codex-mini',
    'gpt-5.1',
    'qwen3',
  ]);
});

test('with a provider list: default first, then configured models, then what the provider serves, once each', () => {
  const models = modelCatalog({ defaultModel: 'llama3.1', configuredModels: ['mine'], providerModels: ['qwen3', 'llama3.1'], providerName: 'Ollama' });
  assert.deepEqual(ids(models), ['*llama3.1', 'mine', 'qwen3']);
  assert.equal(models[2].description, 'Served by Ollama.');
  assert.deepEqual(ids(modelCatalog({ defaultModel: null, providerModels: ['a'] })), ['a']);
});
