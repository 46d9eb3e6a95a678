/**
 * The extension's services for one window, wired together: the server
 * manager and its supervisor, the review services (approvals, diffs), the
 * chat tabs, the thread list, the status bar and the commands. Built by
 * `activate` (and by the tests, with a sealed environment); disposing it
 * disposes everything, and `shutdown()` also waits for the servers to exit.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { AppServerConnection } from './app-server/app-server-client';
import { ServerManager } from './app-server/server-manager';
import { ServerProcessRegistry } from './app-server/server-process-registry';
import { ServerSupervisor, type SupervisorOptions } from './app-server/supervisor';
import { askAboutSelection } from './chat/ask-about-selection';
import { ChatPanels } from './chat/chat-panels';
import { WorkspaceFileSearch } from './chat/file-search';
import { API_KEY_SECRET, clearApiKey, promptForApiKey } from './common/api-key';
import { DisposableStore } from './common/disposable';
import { affectsServerLaunch } from './common/settings';
import { ReviewServices } from './review/review-services';
import { FOCUS_PANEL_COMMAND, ThreadStatusBar } from './status/status-bar';
import { pickThreadFolder } from './threads/thread-folder';
import { threadResumeOverrides } from './threads/thread-params';
import { ThreadView } from './threads/thread-view';

export interface CodexWindowOptions {
  extensionUri: vscode.Uri;
  version: string;
  secrets: vscode.SecretStorage;
  globalState: vscode.Memento;
  workspaceState: vscode.Memento;
  log: vscode.LogOutputChannel;
  /** The environment servers inherit; the extension host's by default. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Backoff and limits of the restarts (tests shorten them). */
  supervisor?: Partial<Omit<SupervisorOptions, 'logger'>>;
}

export class CodexWindow implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  readonly servers: ServerManager;
  readonly supervisor: ServerSupervisor;
  readonly review: ReviewServices;
  readonly panels: ChatPanels;
  readonly threads: ThreadView;
  /** Settles once orphans of a crashed window are gone; servers start after it. */
  readonly reaped: Promise<unknown>;

  constructor(private readonly options: CodexWindowOptions) {
    const { log } = options;
    const own = <T extends vscode.Disposable>(disposable: T): T => this.disposables.add(disposable);
    const processes = new ServerProcessRegistry(options.globalState, log);
    this.reaped = processes.reapOrphans().catch((error: Error) => log.warn(`Could not check for orphaned servers: ${error.message}`));
    this.servers = own(
      new ServerManager({
        secrets: options.secrets,
        bundledServerPath: vscode.Uri.joinPath(options.extensionUri, 'dist', 'server.js').fsPath,
        clientInfo: { name: 'codex_threads_vscode', title: 'Codex Threads', version: options.version },
        log,
        baseEnv: options.baseEnv,
        trackProcess: (pid, argv) => processes.track(pid, argv),
      }),
    );
    this.supervisor = own(new ServerSupervisor(this.servers, { ...options.supervisor, logger: log }));
    this.review = own(new ReviewServices(log));
    this.panels = own(
      new ChatPanels(
        {
          extensionUri: options.extensionUri,
          log,
          connect: async () => (await this.reaped, this.servers.acquire()),
          reconnect: () => this.supervisor.reconnect(),
          approvals: this.review.approvals,
          diffs: this.review.diffs,
          files: new WorkspaceFileSearch(),
          fileChanges: this.review.fileChanges,
        },
        options.workspaceState,
        defaultFolder,
      ),
    );
    this.review.connectPanels(this.panels);
    own(this.panels.registerSerializer());
    this.threads = own(
      new ThreadView({
        withServer: (work) => this.withServer(work),
        openThread: (threadId) => void this.panels.open({ threadId }),
        forkOverrides: () => threadResumeOverrides(vscode.workspace.isTrusted),
      }),
    );
    const statusBar = own(new ThreadStatusBar());
    own(this.panels.onDidChangeCurrent((panel) => statusBar.update(panel?.session.status)));
    this.followServers();
    this.registerCommands();
  }

  /** Runs `work` against the current server, starting one if needed. */
  async withServer<T>(work: (client: AppServerConnection) => Promise<T>): Promise<T> {
    await this.reaped;
    const lease = await this.servers.acquire();
    try {
      return await work(lease.client);
    } finally {
      lease.dispose();
    }
  }

  /** "Start Codex thread": checks for credentials, picks the folder, opens a tab. */
  async startThread(): Promise<void> {
    if (!(await this.servers.hasCredentials()) && !(await offerApiKey(this.options.secrets))) return;
    const cwd = await pickThreadFolder();
    if (!cwd) return;
    this.supervisor.reset();
    this.panels.open({ cwd });
  }

  /** Sends a prompt to the current tab, or to a new thread (in the active file's folder) when there is none usable. */
  async sendPrompt(text: string): Promise<void> {
    let panel = this.panels.current;
    if (!panel || ['closed', 'failed'].includes(panel.session.status.phase)) {
      const cwd = await pickThreadFolder();
      if (!cwd) throw new Error('No folder was chosen for the thread');
      panel = this.panels.open({ cwd });
    }
    await panel.sendPrompt(text);
  }

  /** Disposes everything and resolves once every server has exited. */
  async shutdown(): Promise<void> {
    // Tabs go first (they stop their turns on a server still listening), the servers last.
    this.dispose();
    await this.servers.shutdown();
  }

  dispose(): void {
    this.disposables.dispose();
  }

  /** Window-wide listeners join every server as it starts (restarts included); the user hears of give-ups. */
  private followServers(): void {
    const perServer = this.disposables.add(new DisposableStore());
    this.disposables.add(
      this.servers.onDidStartServer((client) => {
        const listeners = perServer.add(new DisposableStore());
        listeners.add(this.review.approvals.attach(client));
        listeners.add(this.review.fileChanges.attach(client));
        listeners.add(this.threads.attach(client));
        listeners.add(client.onDidClose(() => listeners.dispose()));
      }),
    );
    this.disposables.add(this.supervisor.onDidRestart(() => this.threads.provider.refresh()));
    this.disposables.add(
      this.supervisor.onDidGiveUp(async (reason) => {
        const choice = await vscode.window.showErrorMessage(
          `Codex: the server keeps crashing (${reason.message}), so it was not restarted. Start a new thread to try again.`,
          'Show Log',
        );
        if (choice === 'Show Log') this.options.log.show();
      }),
    );
  }

  private registerCommands(): void {
    const { secrets, log } = this.options;
    const command = (id: string, run: (...args: any[]) => unknown) => this.disposables.add(vscode.commands.registerCommand(id, run));
    command('codexThreads.startThread', () => this.startThread());
    command('codexThreads.setApiKey', async () => {
      if (await promptForApiKey(secrets)) void vscode.window.showInformationMessage('Codex: API key saved.');
    });
    command('codexThreads.clearApiKey', async () => {
      await clearApiKey(secrets);
      void vscode.window.showInformationMessage('Codex: API key cleared.');
    });
    command('codexThreads.showLog', () => log.show());
    command('codexThreads.interrupt', async () => {
      const panel = this.panels.current;
      if (!panel?.session.isTurnRunning) return void vscode.window.showInformationMessage('Codex: no turn is running.');
      await panel.session.interrupt().catch((error: Error) => vscode.window.showErrorMessage(`Codex: ${error.message}`));
    });
    command('codexThreads.askAboutSelection', () => askAboutSelection(this.panels, pickThreadFolder));
    command(FOCUS_PANEL_COMMAND, () => (this.panels.current ? this.panels.current.reveal() : this.startThread()));

    const launchInputsChanged = async () => {
      if (await this.servers.retireIfStale()) this.panels.serverSettingsChanged();
    };
    this.disposables.add(
      secrets.onDidChange((event) => {
        if (event.key === API_KEY_SECRET) void launchInputsChanged();
      }),
    );
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsServerLaunch(event)) void launchInputsChanged();
      }),
    );
    // Trust unlocks the folder's own server settings (restrictedConfigurations): they may change the launch.
    this.disposables.add(vscode.workspace.onDidGrantWorkspaceTrust(() => void launchInputsChanged()));
  }
}

function defaultFolder(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
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
