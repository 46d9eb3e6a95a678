/**
 * The chat app: builds the page and wires the host channel, the store, the
 * transcript and the composer together. Runs under a strict CSP: no eval,
 * no inline script or style, no remote content. Every host message goes
 * into the store; the transcript redraws what changed once per animation
 * frame. The host is injected: `vscode-main.ts` starts it in a VS Code
 * webview, `web/web-main.ts` in a browser tab of the web runtime, each
 * saying what it can do, so the UI offers nothing its host cannot do.
 */
import 'diff2html/bundles/css/diff2html.min.css';
import './styles/index.css';
import { Composer } from './composer/composer';
import { HostChannel, type HostApi } from './host';
import { el, setText } from './render/dom';
import { formatTokenUsage } from './render/token-usage';
import { TranscriptView } from './render/transcript-view';
import type { ViewContext } from './render/view-context';
import type { SettingNames } from './state/error-help';
import { TranscriptStore } from './state/transcript-store';

interface WebviewState {
  draft: string;
  /** The panel's thread, so a reload (WebviewPanelSerializer) reopens it. */
  threadId?: string;
}

/** What the host can do beyond carrying messages. */
export interface HostCapabilities {
  /** Answers `files/search` and turns `@` mentions into the turn's input. */
  fileMentions: boolean;
  /** Opens a change in a native diff editor (`diff/open`); without one the inline diff is the review. */
  diffEditor: boolean;
  /** How error hints name the model and base-URL settings; VS Code's settings when absent. */
  settingNames?: SettingNames;
}

/** Builds the app into `#app` (or the body) and says `ready` to `hostApi`. */
export function startApp(hostApi: HostApi, capabilities: HostCapabilities): void {
  const app = document.getElementById('app') ?? document.body;
  const store = new TranscriptStore(capabilities.settingNames);

  const header = el('header', 'status-bar');
  const title = el('span', 'thread-title');
  const status = el('span', 'turn-status');
  status.setAttribute('role', 'status');
  header.append(title, status);
  const footer = el('footer', 'token-usage');
  footer.setAttribute('aria-label', 'Token usage');

  let view: TranscriptView | undefined;
  let composer: Composer | undefined;
  const host: HostChannel<WebviewState> = new HostChannel<WebviewState>(hostApi, (event) => {
    if (event.type === 'files/searchResult') {
      composer?.showFileResults(event.requestId, event.files);
      return;
    }
    if (event.type === 'thread/opened') host.setState({ draft: host.getState().draft ?? '', threadId: event.threadId });
    store.apply(event);
    view?.scheduleRender();
  });

  const context: ViewContext = {
    answerApproval: (approval, decision) => {
      store.markAnswering(approval.key, decision);
      host.post({ type: 'approval/answer', approvalKey: approval.key, decision });
      view?.scheduleRender();
    },
    ...(capabilities.diffEditor ? { openDiff: (itemId: string) => host.post({ type: 'diff/open', itemId }) } : {}),
    runCommand: (command) => host.post({ type: 'command', command }),
    expanded: new Map(),
    cwd: () => store.session.cwd,
  };

  composer = new Composer(
    {
      send: (text, mentions) => host.request({ type: 'send', text, ...(mentions.length ? { mentions } : {}) }),
      steer: (text) => host.request({ type: 'steer', text }),
      stop: () => host.request({ type: 'interrupt' }),
      searchFiles: (query) => host.query({ type: 'files/search', query }),
      onDraftChanged: (draft) => host.setState({ ...host.getState(), draft }),
      onError: (message) => {
        store.addNotice('error', message);
        view?.scheduleRender();
      },
    },
    host.getState().draft ?? '',
    capabilities.fileMentions,
  );

  view = new TranscriptView(store, context, () => {
    const { session } = store;
    setText(title, [session.threadName, session.model ? `Model: ${session.model}` : ''].filter(Boolean).join(' · '));
    setText(status, statusText(store));
    setText(footer, formatTokenUsage(session.tokenUsage));
    footer.hidden = !session.tokenUsage;
    composer?.setPhase(session.phase);
  });

  app.append(header, view.element, footer, composer.element);
  view.render();
  composer.focus();
  host.ready();
}

function statusText(store: TranscriptStore): string {
  const { session } = store;
  if (session.phase === 'closed') return 'This thread has ended.';
  if (session.transient) return session.transient;
  if (store.pendingApprovals() > 0) return 'Waiting for your approval';
  if (session.phase === 'running') return 'Working…';
  if (session.phase === 'starting') return 'Starting Codex…';
  return '';
}

