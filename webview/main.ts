/**
 * The chat webview's entry point: builds the page, connects the host
 * channel to the store, and redraws once per frame. Runs under a strict CSP:
 * no eval, no inline script or style, no remote content.
 */
import './main.css';
import { Composer } from './composer';
import { HostChannel } from './host';
import { TranscriptStore, type SessionPhase } from './transcript-store';
import { TranscriptView } from './transcript-view';

interface WebviewState {
  draft: string;
}

const STATUS_TEXT: Record<SessionPhase, string> = {
  starting: 'Starting Codex…',
  idle: '',
  running: 'Working…',
  closed: 'This thread has ended.',
};

function main(): void {
  const app = document.getElementById('app') ?? document.body;
  const store = new TranscriptStore();

  const header = document.createElement('header');
  header.className = 'status-bar';
  const model = document.createElement('span');
  model.className = 'model';
  const status = document.createElement('span');
  status.className = 'turn-status';
  status.setAttribute('role', 'status');
  header.append(model, status);

  const transcript = document.createElement('section');
  transcript.className = 'transcript';
  transcript.setAttribute('role', 'log');
  transcript.setAttribute('aria-live', 'polite');
  transcript.setAttribute('aria-label', 'Conversation');
  transcript.tabIndex = 0;

  let view: TranscriptView | undefined;
  const host: HostChannel<WebviewState> = new HostChannel<WebviewState>((event) => {
    store.apply(event);
    view?.scheduleRender();
  });
  const composer = new Composer(
    {
      send: (text) => host.request({ type: 'send', text }),
      stop: () => host.request({ type: 'interrupt' }),
      onDraftChanged: (draft) => host.setState({ draft }),
      onError: (message) => {
        store.addNotice('error', message);
        view?.scheduleRender();
      },
    },
    host.getState().draft ?? '',
  );
  view = new TranscriptView(
    transcript,
    store,
    (command) => host.post({ type: 'command', command }),
    () => {
      model.textContent = store.session.model ? `Model: ${store.session.model}` : '';
      status.textContent = STATUS_TEXT[store.session.phase];
      composer.setPhase(store.session.phase);
    },
  );

  app.append(header, transcript, composer.element);
  view.render();
  composer.focus();
  host.ready();
}

main();
