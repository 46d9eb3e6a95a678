/**
 * The parts of the `vscode` API that host-side modules touch, as a small
 * scriptable fake. Installed in place of `vscode` by `use-fake-vscode.ts`.
 * Tests set `configuration` and the `window`/`workspace` hooks directly,
 * read `executed` for the commands a module ran, and call `resetFake()`
 * between tests.
 */
import { posix } from 'node:path';

export const configuration = new Map<string, unknown>();

type Listener<T> = (value: T) => unknown;

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Disposable {
  constructor(private readonly callOnDispose: () => void) {}
  dispose(): void {
    this.callOnDispose();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}

  static file(path: string): Uri {
    return new Uri('file', '', path.startsWith('/') ? path : `/${path}`, '', '');
  }

  static from(parts: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(parts.scheme, parts.authority ?? '', parts.path ?? '', parts.query ?? '', parts.fragment ?? '');
  }

  static parse(value: string): Uri {
    const match = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(value);
    if (!match) throw new Error(`not a URI: ${value}`);
    return new Uri(match[1], match[2] ?? '', decodeURIComponent(match[3]), match[4] ?? '', match[5] ?? '');
  }

  static joinPath(base: Uri, ...segments: string[]): Uri {
    return base.with({ path: posix.join(base.path, ...segments) });
  }

  get fsPath(): string {
    return this.path;
  }

  with(change: { scheme?: string; path?: string; query?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, this.authority, change.path ?? this.path, change.query ?? this.query, this.fragment);
  }

  toString(): string {
    const authority = this.authority || this.scheme === 'file' ? `//${this.authority}` : '';
    return `${this.scheme}:${authority}${encodeURI(this.path)}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }
}

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
  Two = 2,
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  value = '';
  appendText(text: string): this {
    this.value += text;
    return this;
  }
}

export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: unknown;
  iconPath?: unknown;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  accessibilityInformation?: { label: string };
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

export class TabInputText {
  constructor(readonly uri: Uri) {}
}

export class TabInputTextDiff {
  constructor(
    readonly original: Uri,
    readonly modified: Uri,
  ) {}
}

export class TabInputWebview {
  constructor(readonly viewType: string) {}
}

export interface FakeTab {
  label: string;
  input: unknown;
  isPreview: boolean;
  group: { viewColumn: ViewColumn };
}

/** A webview panel: the test reads `webview.posted` and plays the webview with `webview.receive`. */
export class FakeWebviewPanel {
  title: string;
  iconPath: unknown;
  viewColumn = ViewColumn.One;
  visible = true;
  active = true;
  reveals = 0;
  disposed = false;
  private readonly disposeEmitter = new EventEmitter<void>();
  private readonly viewStateEmitter = new EventEmitter<unknown>();
  private readonly messages = new EventEmitter<unknown>();
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = this.viewStateEmitter.event;
  readonly webview = {
    html: '',
    options: {} as unknown,
    cspSource: 'vscode-webview:',
    posted: [] as unknown[],
    postMessage: async (message: unknown) => (this.webview.posted.push(structuredClone(message)), true),
    onDidReceiveMessage: this.messages.event,
    asWebviewUri: (uri: Uri) => uri,
    /** The webview posts a message to the host. */
    receive: (message: unknown) => this.messages.fire(message),
  };

  constructor(
    readonly viewType: string,
    title: string,
  ) {
    this.title = title;
  }

  reveal(): void {
    this.reveals += 1;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
  }
}

export const webviewPanels: FakeWebviewPanel[] = [];
export const panelSerializers = new Map<string, { deserializeWebviewPanel(panel: FakeWebviewPanel, state: unknown): Promise<void> }>();

/** A command a module ran through `executeCommand` that no one registered (vscode.diff, setContext…). */
export interface ExecutedCommand {
  command: string;
  args: unknown[];
}

export const executed: ExecutedCommand[] = [];
const registered = new Map<string, (...args: unknown[]) => unknown>();

export const commands = {
  registerCommand(id: string, run: (...args: unknown[]) => unknown) {
    if (registered.has(id)) throw new Error(`command ${id} already registered`);
    registered.set(id, run);
    return { dispose: () => void registered.delete(id) };
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    const run = registered.get(id);
    if (run) return run(...args);
    executed.push({ command: id, args });
    return undefined;
  },
};

type MessageHandler = (message: string, ...rest: unknown[]) => Promise<string | undefined>;

export interface ShownMessage {
  kind: 'warning' | 'information' | 'error';
  message: string;
  rest: unknown[];
}

const tabChanges = new EventEmitter<unknown>();
const tabGroupChanges = new EventEmitter<unknown>();

export const window = {
  shown: [] as ShownMessage[],
  /** Answers modals and notifications; by default nothing is chosen (Escape). */
  answer: (async () => undefined) as MessageHandler,
  inputBox: (async () => undefined) as (options: unknown) => Promise<string | undefined>,
  activeTextEditor: undefined as unknown,
  tabGroups: {
    activeTabGroup: { activeTab: undefined as FakeTab | undefined, viewColumn: ViewColumn.One },
    onDidChangeTabs: tabChanges.event,
    onDidChangeTabGroups: tabGroupChanges.event,
    /** Tests call this after changing the active tab. */
    fireChange: () => tabChanges.fire(undefined),
  },
  showWarningMessage(message: string, ...rest: unknown[]) {
    window.shown.push({ kind: 'warning', message, rest });
    return window.answer(message, ...rest);
  },
  showInformationMessage(message: string, ...rest: unknown[]) {
    window.shown.push({ kind: 'information', message, rest });
    return window.answer(message, ...rest);
  },
  showErrorMessage(message: string, ...rest: unknown[]) {
    window.shown.push({ kind: 'error', message, rest });
    return window.answer(message, ...rest);
  },
  showInputBox(options: unknown) {
    return window.inputBox(options);
  },
  async showWorkspaceFolderPick() {
    return workspace.workspaceFolders?.[0];
  },
  createStatusBarItem(id: string) {
    return {
      id,
      name: '',
      text: '',
      tooltip: '' as unknown,
      command: undefined as unknown,
      backgroundColor: undefined as unknown,
      accessibilityInformation: undefined as unknown,
      visible: false,
      show() {
        this.visible = true;
      },
      hide() {
        this.visible = false;
      },
      dispose() {
        this.visible = false;
      },
    };
  },
  createTreeView(id: string, options: { treeDataProvider: unknown }) {
    return { id, ...options, description: undefined as string | undefined, message: undefined as string | undefined, dispose() {} };
  },
  createWebviewPanel(viewType: string, title: string) {
    const panel = new FakeWebviewPanel(viewType, title);
    webviewPanels.push(panel);
    return panel;
  },
  registerWebviewPanelSerializer(viewType: string, serializer: { deserializeWebviewPanel(panel: FakeWebviewPanel, state: unknown): Promise<void> }) {
    panelSerializers.set(viewType, serializer);
    return { dispose: () => void panelSerializers.delete(viewType) };
  },
  async showTextDocument(uri: unknown, options: unknown) {
    executed.push({ command: 'window.showTextDocument', args: [uri, options] });
  },
};

const closedDocuments = new EventEmitter<{ uri: Uri }>();
export const contentProviders = new Map<string, { provideTextDocumentContent(uri: Uri): Promise<string> | string; onDidChange?: unknown }>();

const configurationChanges = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const trustGranted = new EventEmitter<void>();

export const workspace = {
  workspaceFolders: undefined as undefined | Array<{ name: string; uri: { fsPath: string } }>,
  onDidChangeConfiguration: configurationChanges.event,
  onDidGrantWorkspaceTrust: trustGranted.event,
  getWorkspaceFolder(uri: Uri) {
    return workspace.workspaceFolders?.find((folder) => uri.fsPath.startsWith(`${folder.uri.fsPath}/`));
  },
  isTrusted: true,
  files: [] as Uri[],
  getConfiguration(section: string) {
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        const full = `${section}.${key}`;
        return configuration.has(full) ? (configuration.get(full) as T) : defaultValue;
      },
    };
  },
  registerTextDocumentContentProvider(scheme: string, provider: { provideTextDocumentContent(uri: Uri): Promise<string> | string }) {
    contentProviders.set(scheme, provider);
    return { dispose: () => void contentProviders.delete(scheme) };
  },
  onDidCloseTextDocument: closedDocuments.event,
  async findFiles(): Promise<Uri[]> {
    return workspace.files;
  },
  asRelativePath(uri: Uri | string): string {
    const path = typeof uri === 'string' ? uri : uri.fsPath;
    const root = workspace.workspaceFolders?.[0]?.uri.fsPath;
    return root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  },
};

/** Back to a clean slate between tests. */
export function resetFake(): void {
  configuration.clear();
  executed.length = 0;
  registered.clear();
  contentProviders.clear();
  window.shown.length = 0;
  window.answer = async () => undefined;
  window.inputBox = async () => undefined;
  window.activeTextEditor = undefined;
  window.tabGroups.activeTabGroup.activeTab = undefined;
  workspace.workspaceFolders = undefined;
  workspace.isTrusted = true;
  workspace.files = [];
  webviewPanels.length = 0;
  panelSerializers.clear();
}

/** An in-memory SecretStorage. */
export class FakeSecretStorage {
  private readonly values = new Map<string, string>();
  private readonly changes = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changes.event;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changes.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changes.fire({ key });
  }
}

/** An in-memory Memento. */
export class FakeMemento {
  readonly values = new Map<string, unknown>();
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (structuredClone(this.values.get(key)) as T) : defaultValue;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
}
