/**
 * The `codexThreads.*` settings declared in package.json `contributes`, read
 * in one place so names and defaults cannot drift across modules.
 */
import * as vscode from 'vscode';

export interface CodexSettings {
  /** Model for new threads; empty means the server's default. */
  model: string;
  /** OpenAI-compatible Responses API base URL; empty means OpenAI. */
  baseUrl: string;
  /** App Server program; empty means the bundled `dist/server.js`. */
  serverPath: string;
  serverArgs: string[];
}

export const SETTINGS_SECTION = 'codexThreads';

/** Settings whose change needs a fresh server process (they are baked into its launch). */
const SERVER_SETTINGS = ['baseUrl', 'serverPath', 'serverArgs'] as const;

export function readSettings(): CodexSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const serverArgs = config.get<unknown>('serverArgs');
  return {
    model: config.get<string>('model', '').trim(),
    baseUrl: config.get<string>('baseUrl', '').trim(),
    serverPath: config.get<string>('serverPath', '').trim(),
    serverArgs:
      Array.isArray(serverArgs) && serverArgs.every((arg) => typeof arg === 'string') ? serverArgs : ['app-server'],
  };
}

export function affectsServerLaunch(event: vscode.ConfigurationChangeEvent): boolean {
  return SERVER_SETTINGS.some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
}
