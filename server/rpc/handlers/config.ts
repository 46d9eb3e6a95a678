/**
 * `config/read`: the effective configuration as seen from `cwd` (default:
 * the server's working directory), where each value came from (`origins`,
 * by dotted key), and with `includeLayers` the layers themselves, highest
 * precedence first. Thread and turn params are not here: they belong to a
 * thread, and its `thread/start` / `thread/resume` response echoes them.
 * Credentials never appear: every string is checked against the known
 * secrets, and values under credential-like names are replaced.
 * `configRequirements/read`: administrator limits, of which we have none.
 */
import { resolve } from 'node:path';
import { redactTree } from '../../config/redact';
import type { ServerSettings } from '../../config/settings';
import type { Config, ConfigLayer, ConfigReadResponse, ConfigRequirementsReadResponse } from '../../protocol';
import type { HandlerTable } from '../router';

export function configHandlers(settings: ServerSettings): HandlerTable {
  return {
    'config/read': (params): ConfigReadResponse => {
      const resolved = settings.config.resolve(resolve(params.cwd ?? process.cwd()));
      const { secrets } = settings.config;
      const workspaceWrite = resolved.workspaceWrite;
      const config: Config & Record<string, unknown> = {
        model: resolved.model,
        model_provider: resolved.modelProvider,
        approval_policy: resolved.approvalPolicy,
        approvals_reviewer: 'user',
        sandbox_mode: resolved.sandboxMode,
        sandbox_workspace_write: Object.keys(workspaceWrite).length
          ? {
              writable_roots: workspaceWrite.writable_roots ?? [],
              network_access: workspaceWrite.network_access ?? false,
              exclude_tmpdir_env_var: workspaceWrite.exclude_tmpdir_env_var ?? false,
              exclude_slash_tmp: workspaceWrite.exclude_slash_tmp ?? false,
            }
          : null,
        model_reasoning_effort: resolved.reasoningEffort,
        model_reasoning_summary: resolved.reasoningSummary as Config['model_reasoning_summary'],
        model_context_window: resolved.modelContextWindow,
        instructions: resolved.instructions,
        developer_instructions: resolved.developerInstructions,
        ...(Object.keys(resolved.providers).length ? { model_providers: resolved.providers } : {}),
      };
      const layers: ConfigLayer[] = resolved.layers.map((layer) => ({
        name: layer.metadata.name,
        version: layer.metadata.version,
        config: redactTree(layer.raw, secrets),
        disabledReason: null,
      }));
      return {
        config: redactTree(config, secrets) as Config,
        origins: resolved.origins,
        layers: params.includeLayers ? layers : null,
      };
    },

    // No administrator requirements (upstream: requirements.toml, MDM) exist here.
    'configRequirements/read': (): ConfigRequirementsReadResponse => ({ requirements: null, supportsIndependentSpeedModes: null }),
  };
}
