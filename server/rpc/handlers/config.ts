/** `config/read`: the effective configuration and where each value came from. */
import type { ServerSettings } from '../../config/settings';
import type { Config, ConfigLayer, ConfigReadResponse } from '../../protocol';
import type { HandlerTable } from '../router';

export function configHandlers(settings: ServerSettings): HandlerTable {
  return {
    'config/read': (params) => {
      const config: Config = {
        model: settings.model,
        model_provider: settings.modelProvider,
        approval_policy: settings.approvalPolicy,
        approvals_reviewer: 'user',
        sandbox_mode: settings.sandboxMode,
        model_reasoning_effort: settings.reasoningEffort,
        model_context_window: null,
        instructions: null,
        developer_instructions: null,
      };
      // Values set from the environment (CODEX_THREADS_MODEL, OPENAI_BASE_URL)
      // form the session-flags layer; everything else is a built-in default.
      const sessionFlags: Record<string, unknown> = {};
      if (settings.modelFromEnvironment) sessionFlags.model = settings.model;
      if (settings.baseUrl) sessionFlags[`model_providers.${settings.modelProvider}.base_url`] = settings.baseUrl;
      const layers: ConfigLayer[] = Object.keys(sessionFlags).length
        ? [{ name: { type: 'sessionFlags' }, version: 'env', config: sessionFlags, disabledReason: null }]
        : [];
      const origins: ConfigReadResponse['origins'] = {};
      if (settings.modelFromEnvironment) origins.model = { name: { type: 'sessionFlags' }, version: 'env' };
      return { config, origins, layers: params.includeLayers ? layers : null };
    },
  };
}
