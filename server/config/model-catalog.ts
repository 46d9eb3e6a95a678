/**
 * The models `model/list` offers, default first among those the
 * configuration names:
 * - the configured default model (`isDefault`), and every other model the
 *   configuration names (top level, projects, CODEX_THREADS_MODEL);
 * - what the provider lists at `GET /models`, when it answered;
 * - otherwise the static catalog of Codex-tuned OpenAI models (also the
 *   list for OpenAI itself, whose `/models` holds hundreds of non-chat models).
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

export interface CatalogSources {
  /** The default model for new threads (null when listing another provider than the default one). */
  defaultModel: string | null;
  /** Other models named in the configuration. */
  configuredModels?: string[];
  /** What the provider listed, or null to use the static catalog. */
  providerModels?: string[] | null;
  /** The provider's display name, for descriptions. */
  providerName?: string;
}

export function modelCatalog(sources: CatalogSources): Model[] {
  const { defaultModel, configuredModels = [], providerModels = null, providerName = 'the provider' } = sources;
  const described = new Map<string, string>();
  const add = (id: string, description: string) => {
    if (!described.has(id)) described.set(id, description);
  };
  if (providerModels) {
    if (defaultModel) add(defaultModel, 'The configured default model.');
    for (const id of configuredModels) add(id, 'Named in the configuration.');
    for (const id of providerModels) add(id, `Served by ${providerName}.`);
  } else {
    const known = new Set(KNOWN.map((model) => model.id));
    if (defaultModel && !known.has(defaultModel)) add(defaultModel, 'The configured default model.');
    for (const model of KNOWN) add(model.id, model.description);
    for (const id of configuredModels) add(id, 'Named in the configuration.');
  }
  return [...described].map(([id, description]) => toModel(id, description, id === defaultModel));
}

function toModel(id: string, description: string, isDefault: boolean): Model {
  const known = KNOWN.find((model) => model.id === id);
  return {
    id,
    model: id,
    displayName: known?.displayName ?? id,
    description: known?.description ?? description,
    hidden: false,
    isDefault,
    defaultReasoningEffort: 'medium',
    supportedReasoningEfforts: EFFORTS,
    upgrade: null,
    inputModalities: known ? ['text', 'image'] : ['text'],
  };
}
