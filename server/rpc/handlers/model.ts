/**
 * `model/list`: the configured models and what the provider serves (see
 * config/model-catalog.ts). `modelProvider` picks the provider; by default
 * the one configured for the server's working directory.
 */
import { modelCatalog } from '../../config/model-catalog';
import type { ProviderModels } from '../../config/provider-models';
import type { ServerSettings } from '../../config/settings';
import { RpcError } from '../../protocol';
import { decodeCursor, encodeCursor, pageSize } from '../../threads/cursor';
import type { HandlerTable } from '../router';

const isOffset = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

export function modelHandlers(settings: ServerSettings, providerModels: ProviderModels): HandlerTable {
  return {
    'model/list': async (params) => {
      const start = params.cursor ? decodeCursor(params.cursor, isOffset) : 0;
      const config = settings.config.resolve(process.cwd());
      const providerId = params.modelProvider ?? config.modelProvider;
      const provider = settings.config.provider(providerId);
      if (!provider) {
        throw RpcError.invalidParams(
          `Invalid params for model/list: modelProvider "${providerId}" is not a configured provider (configured: ${settings.config.providerIds().join(', ')})`,
          { field: 'modelProvider' },
        );
      }
      const all = modelCatalog({
        defaultModel: providerId === config.modelProvider ? config.model : null,
        configuredModels: providerId === config.modelProvider ? config.namedModels : [],
        providerModels: provider.isOpenAI ? null : await providerModels.list(provider),
        providerName: provider.name,
      }).filter((model) => params.includeHidden || !model.hidden);
      const limit = pageSize(params.limit, 100, 100);
      const data = all.slice(start, start + limit);
      return { data, nextCursor: start + limit < all.length ? encodeCursor(start + limit) : null };
    },
  };
}
