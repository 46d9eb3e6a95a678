/**
 * The models `model/list` offers: the Codex-tuned OpenAI models, plus the
 * configured default when it is something else (a local Ollama model, say).
 */
import type { Model } from '../protocol';

const EFFORTS = [
  { reasoningEffort: 'low', description: 'Fast answers with light reasoning' },
  { reasoningEffort: 'medium', description: 'Balanced speed and depth (default)' },
  { reasoningEffort: 'high', description: 'Deeper reasoning for hard problems' },
];

const KNOWN: Array<Pick<Model, 'id' | 'displayName' | 'description'>> = [
  { id: 'gpt-5.1-codex', displayName: 'GPT-5.1-Codex', description: 'Optimized for agentic coding.' },
  { id: 'gpt-5.1-codex-mini', displayName: 'GPT-5.1-Codex-Mini', description: 'Smaller, faster and cheaper coding model.' },
  { id: 'gpt-5.1', displayName: 'GPT-5.1', description: 'General-purpose model with strong reasoning.' },
];

export function modelCatalog(defaultModel: string): Model[] {
  const models: Model[] = KNOWN.map((known) => ({
    ...known,
    model: known.id,
    hidden: false,
    isDefault: known.id === defaultModel,
    defaultReasoningEffort: 'medium',
    supportedReasoningEfforts: EFFORTS,
    upgrade: null,
    inputModalities: ['text', 'image'],
  }));
  if (!models.some((model) => model.isDefault)) {
    models.unshift({
      id: defaultModel,
      model: defaultModel,
      displayName: defaultModel,
      description: 'The configured default model.',
      hidden: false,
      isDefault: true,
      defaultReasoningEffort: 'medium',
      supportedReasoningEfforts: EFFORTS,
      upgrade: null,
      inputModalities: ['text'],
    });
  }
  return models;
}
