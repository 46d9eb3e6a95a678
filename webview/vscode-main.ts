/**
 * The chat webview's entry point inside VS Code (dist/webview.js): the
 * host is the webview API, whose messages arrive as window `message` events.
 */
import type { HostApi } from './host';
import { startApp } from './main';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called only once per webview load.
const vscode = acquireVsCodeApi();
const host: HostApi = {
  postMessage: (message) => vscode.postMessage(message),
  getState: () => vscode.getState(),
  setState: (state) => vscode.setState(state),
  onMessage: (listener) => window.addEventListener('message', (event: MessageEvent<unknown>) => listener(event.data)),
};

// VS Code has both: workspace file search for `@`, and the native diff editor.
startApp(host, { fileMentions: true, diffEditor: true });
