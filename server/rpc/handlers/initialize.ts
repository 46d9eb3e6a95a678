/** `initialize`: who the client is, what it can do; who we are. */
import { arch, platform, release, type } from 'node:os';
import type { ServerSettings } from '../../config/settings';
import type { InitializeParams, InitializeResponse } from '../../protocol';
import type { Connection } from '../connection';
import type { RequestContext } from '../router';

export function handleInitialize(settings: ServerSettings) {
  return (params: InitializeParams, context: RequestContext): InitializeResponse => {
    const { clientInfo, capabilities } = params;
    (context.connection as Connection).markInitialized({
      clientInfo: { name: clientInfo.name, title: clientInfo.title ?? null, version: clientInfo.version },
      experimentalApi: capabilities?.experimentalApi ?? false,
      optOutNotificationMethods: capabilities?.optOutNotificationMethods ?? [],
    });
    const os = platform() === 'darwin' ? 'macos' : platform() === 'win32' ? 'windows' : platform();
    return {
      userAgent: `${clientInfo.name}/${settings.version} (${type()} ${release()}; ${arch()}) codex-threads (${clientInfo.name}; ${clientInfo.version})`,
      codexHome: settings.home,
      platformFamily: platform() === 'win32' ? 'windows' : 'unix',
      platformOs: os,
    };
  };
}
