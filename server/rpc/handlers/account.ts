/**
 * `account/read`. Credentials come only from the server's environment (the
 * provider's `env_key` variable), so the account is an API key when that
 * variable is set and nothing otherwise. `requiresOpenaiAuth` stays false:
 * a client that saw true with no account would ask the user to sign in,
 * and a sign-in has nowhere to go here; a missing key is reported by the
 * turn that needs it, naming the variable.
 */
import { providerApiKey } from '../../config/providers';
import type { ServerSettings } from '../../config/settings';
import type { AccountReadResponse } from '../../protocol';
import type { HandlerTable } from '../router';

export function accountHandlers(settings: ServerSettings): HandlerTable {
  return {
    'account/read': (): AccountReadResponse => {
      const providerId = settings.config.resolve(process.cwd()).modelProvider;
      const provider = settings.config.provider(providerId);
      const hasKey = provider !== undefined && providerApiKey(provider, settings.env) !== undefined;
      return { account: hasKey ? { type: 'apiKey' } : null, requiresOpenaiAuth: false, userId: null };
    },
  };
}
