/**
 * Entry point: wires commands, settings and secrets to the server manager
 * and the chat panels. Everything created here is owned by
 * `context.subscriptions`; `deactivate` waits for the servers to exit.
 */
import * as vscode from 'vscode';
import { ServerManager } from './app-server/server-manager';
import { ChatPanels } from './chat/chat-panels';
import { API_KEY_SECRET, clearApiKey, promptForApiKey } from './common/api-key';
import { affectsServerLaunch } from './common/settings';

let stopServers: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Codex', { log: true });
  context.subscriptions.push(log);

  const servers = new ServerManager({
    secrets: context.secrets,
    bundledServerPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath,
    clientInfo: {
      name: 'codex_threads_vscode',
      title: 'Codex Threads',
      version: String(context.extension.packageJSON.version ?? '0.0.0'),
    },
    log,
  });
  context.subscriptions.push(servers);
  stopServers = () => servers.shutdown();

  const panels = new ChatPanels({ extensionUri: context.extensionUri, connect: () => servers.acquire(), log });
  context.subscriptions.push(panels);

  const launchInputsChanged = async () => {
    if (await servers.retireIfStale()) panels.serverSettingsChanged();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('codexThreads.startThread', async () => {
      if (!(await servers.hasCredentials()) && !(await offerApiKey(context.secrets))) return;
      panels.open();
    }),
    vscode.commands.registerCommand('codexThreads.setApiKey', async () => {
      if (await promptForApiKey(context.secrets)) void vscode.window.showInformationMessage('Codex: API key saved.');
    }),
    vscode.commands.registerCommand('codexThreads.clearApiKey', async () => {
      await clearApiKey(context.secrets);
      void vscode.window.showInformationMessage('Codex: API key cleared.');
    }),
    vscode.commands.registerCommand('codexThreads.showLog', () => log.show()),
    context.secrets.onDidChange((event) => {
      if (event.key === API_KEY_SECRET) void launchInputsChanged();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsServerLaunch(event)) void launchInputsChanged();
    }),
    servers.onDidCrash(async (reason) => {
      const choice = await vscode.window.showErrorMessage(`${reason.message}.`, 'Show Log');
      if (choice === 'Show Log') log.show();
    }),
  );
}

export async function deactivate(): Promise<void> {
  await stopServers?.();
  stopServers = undefined;
}

/** No key, no inherited OPENAI_API_KEY and no base URL: ask before opening a thread that cannot answer. */
async function offerApiKey(secrets: vscode.SecretStorage): Promise<boolean> {
  const choice = await vscode.window.showErrorMessage(
    'Codex needs an OpenAI API key, or the base URL of an OpenAI-compatible server (setting "codexThreads.baseUrl").',
    'Set API Key',
    'Open Settings',
  );
  if (choice === 'Set API Key') return promptForApiKey(secrets);
  if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'codexThreads');
  return false;
}
