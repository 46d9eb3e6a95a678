/**
 * 5. The chat webview's render time on a long thread, in Debian's Chromium
 * (`/usr/bin/chromium`, driven by playwright-core; no browser download).
 *
 * The page is the real webview shell with the built bundle (see
 * webview-page.ts). A 5,000-item thread (bench/webview-fixture.ts)
 * arrives as one `thread/history` message, the path used after a reload.
 *
 * Measured, per fresh page: time from posting the message until the last
 * item's row is in the DOM, and until the next animation frame starts (so
 * the frame holding it was painted; this is the reported figure); the
 * number of DOM elements then, and after jumping to the middle and to the
 * top (bounded, whatever the thread length); how long such a jump takes to
 * draw; and, after that, 2,000 deltas streamed into a new reply: the
 * longest gap between frames and the frames drawn. Any CSP violation or
 * page error fails the row.
 */
import { resolve } from 'node:path';
import { ourCheckout } from './our-server';
import { describeError, missing, value, type Results, type RowSpec } from './results';
import { median } from './turns';
import { buildFixtureThread } from './webview-fixture';
import { CHROMIUM, chromiumAvailable, launchWebviewBrowser } from './webview-page';

export const ITEM_COUNT = 5000;
/** Elements in the DOM after rendering, wherever the user scrolled (about 25 per row here: 5,000 rows drawn at once would be ~125,000). */
const DOM_BOUND = 4000;

export const webviewRows = {
  render: {
    key: 'webviewRender',
    label: `Webview: ${ITEM_COUNT.toLocaleString('en-US')}-item thread/history → rendered and painted (median)`,
    unit: 'ms',
    better: 'lower',
    target: { text: '≤ 300 ms', met: (ours) => ours <= 300 },
  },
  dom: {
    key: 'webviewDom',
    label: `Webview: DOM elements after rendering ${ITEM_COUNT.toLocaleString('en-US')} items (largest of bottom, middle, top)`,
    unit: 'count',
    better: 'lower',
    target: { text: `bounded (≤ ${DOM_BOUND.toLocaleString('en-US')})`, met: (ours) => ours <= DOM_BOUND },
  },
  jump: {
    key: 'webviewJump',
    label: 'Webview: jump from the bottom to the middle of the thread → drawn (median)',
    unit: 'ms',
    better: 'lower',
  },
  streamFrame: {
    key: 'webviewStreamFrame',
    label: 'Webview: 2,000 deltas streamed into the long thread, longest frame gap (median of runs)',
    unit: 'ms',
    better: 'lower',
  },
} satisfies Record<string, RowSpec>;

export interface WebviewRun {
  domMs: number;
  paintedMs: number;
  rows: number;
  elements: { bottom: number; middle: number; top: number };
  atBottom: boolean;
  jumpMs: number;
  stream: { totalMs: number; frames: number; longestFrameMs: number; finalTextShown: boolean; /** [ms since start, gap] of frames over 40 ms. */ gaps: Array<[number, number]> };
  violations: string[];
  errors: string[];
}

export async function measureWebviewRender(runs: number, results: Results, progress: (line: string) => void): Promise<void> {
  const rows = Object.values(webviewRows);
  if (!chromiumAvailable()) {
    for (const row of rows) results.set(row, 'ours', missing(`no ${CHROMIUM} (apt-get install -y chromium)`));
    return;
  }
  try {
    const measured = await runInChromium(runs + 1, progress);
    const kept = measured.slice(1); // the first page load warms the disk cache and V8's code cache
    const problems = kept.flatMap((run) => [...run.violations.map((text) => `CSP: ${text}`), ...run.errors]);
    if (problems.length) {
      for (const row of rows) results.set(row, 'ours', missing(`failed: ${problems[0].slice(0, 140)}`));
      return;
    }
    const domMax = Math.max(...kept.map((run) => Math.max(run.elements.bottom, run.elements.middle, run.elements.top)));
    const notAtBottom = kept.filter((run) => !run.atBottom).length;
    results.set(webviewRows.render, 'ours', value(median(kept.map((run) => run.paintedMs)), `n=${kept.length}, in DOM ${median(kept.map((run) => run.domMs)).toFixed(0)} ms`));
    results.set(webviewRows.dom, 'ours', value(domMax, `${kept[0].rows} of ${ITEM_COUNT} rows drawn`));
    results.set(webviewRows.jump, 'ours', value(median(kept.map((run) => run.jumpMs)), `n=${kept.length}`));
    const streamed = kept.every((run) => run.stream.finalTextShown);
    results.set(
      webviewRows.streamFrame,
      'ours',
      streamed
        ? value(median(kept.map((run) => run.stream.longestFrameMs)), `${median(kept.map((run) => run.stream.frames))} frames in ${median(kept.map((run) => run.stream.totalMs)).toFixed(0)} ms`)
        : missing('failed: the streamed reply was not shown in full'),
    );
    if (notAtBottom) results.note(`webview: ${notAtBottom} run(s) did not end scrolled to the bottom after thread/history.`);
  } catch (error) {
    for (const row of rows) results.set(row, 'ours', missing(`failed: ${describeError(error)}`));
  }
}

/** Loads the page `runs` times (a fresh browser context each) and measures each. */
export async function runInChromium(runs: number, progress: (line: string) => void = () => undefined): Promise<WebviewRun[]> {
  const fixture = JSON.stringify(buildFixtureThread(ITEM_COUNT));
  const chromium = await launchWebviewBrowser(resolve(ourCheckout(), 'dist'));
  try {
    const measured: WebviewRun[] = [];
    for (let run = 0; run < runs; run++) {
      const webview = await chromium.openPage({ width: 1000, height: 800 });
      try {
        await webview.page.evaluate(`window.__bench.fixture = ${fixture};`);
        const result = (await webview.page.evaluate(MEASURE)) as Omit<WebviewRun, 'errors'>;
        measured.push({ ...result, errors: [...webview.errors] });
        progress(
          `   webview run ${run + 1}/${runs}: painted ${result.paintedMs.toFixed(0)} ms, ${result.elements.bottom} elements, ` +
            `jump ${result.jumpMs.toFixed(0)} ms, stream longest frame ${result.stream.longestFrameMs.toFixed(0)} ms`,
        );
      } finally {
        await webview.close();
      }
    }
    return measured;
  } finally {
    await chromium.close();
  }
}

/** Runs in the page (a plain-JS string: tsx-compiled functions can carry helpers the page lacks). */
const MEASURE = `(async () => {
  const bench = window.__bench;
  const thread = bench.fixture;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const settle = async () => { await frame(); await frame(); };
  const elements = () => document.getElementsByTagName('*').length;
  const scroller = document.querySelector('.transcript');
  const rowPresent = (key) => document.querySelector('.vl-row[data-key="' + CSS.escape(key) + '"]') !== null;
  const waitFor = (check) => new Promise((resolve) => {
    if (check()) return resolve();
    const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); resolve(); } });
    observer.observe(document.body, { childList: true, subtree: true });
  });

  window.postMessage({ type: 'thread/opened', threadId: thread.id, model: thread.model }, '*');
  await settle();

  const lastTurn = thread.turns[thread.turns.length - 1];
  const lastKey = lastTurn.items[lastTurn.items.length - 1].id;
  const started = performance.now();
  window.postMessage({ type: 'thread/history', thread }, '*');
  await waitFor(() => rowPresent(lastKey));
  const domMs = performance.now() - started;
  await frame();
  const paintedMs = performance.now() - started;
  await settle();
  const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 2;
  const rows = document.querySelectorAll('.vl-row').length;
  const bottom = elements();

  const middleKey = thread.turns[Math.floor(thread.turns.length / 2)].items[0].id;
  const jumpStarted = performance.now();
  scroller.scrollTop = scroller.scrollHeight / 2;
  await frame();
  const jumpMs = performance.now() - jumpStarted;
  await settle();
  const middle = elements();
  scroller.scrollTop = 0;
  await settle();
  const top = elements();

  // Back to the bottom, then stream a reply: deltas arrive in bursts, as they do from the host.
  scroller.scrollTop = scroller.scrollHeight;
  await settle();
  const ids = { threadId: thread.id, turnId: 'stream-turn' };
  const note = (notification) => window.postMessage({ type: 'server/notification', notification }, '*');
  const turn = { id: 'stream-turn', items: [], status: 'inProgress', error: null, startedAt: null, completedAt: null, durationMs: null };
  note({ method: 'turn/started', params: { threadId: thread.id, turn } });
  note({ method: 'item/started', params: { ...ids, startedAtMs: 0, item: { type: 'agentMessage', id: 'stream-msg', text: '', phase: null, memoryCitation: null, moderation: null, delivery: null, questions: null } } });
  let longestFrameMs = 0;
  let frames = 0;
  let streaming = true;
  let last = performance.now();
  const gaps = [];
  const tick = (now) => { gaps.push([Math.round(now - streamStarted), Math.round(now - last)]); longestFrameMs = Math.max(longestFrameMs, now - last); last = now; frames++; if (streaming) requestAnimationFrame(tick); };
  const streamStarted = performance.now();
  requestAnimationFrame(tick);
  let text = '';
  for (let index = 0; index < 2000; index++) {
    const delta = index % 50 === 49 ? '\\n\\n' : (index % 200 === 100 ? '\\n\`\`\`ts\\nconst x' + index + ' = ' + index + ';\\n\`\`\`\\n' : 'word' + index + ' ');
    text += delta;
    note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'stream-msg', delta } });
    if (index % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  note({ method: 'item/completed', params: { ...ids, completedAtMs: 0, item: { type: 'agentMessage', id: 'stream-msg', text, phase: null, memoryCitation: null, moderation: null, delivery: null, questions: null } } });
  note({ method: 'turn/completed', params: { threadId: thread.id, turn: { ...turn, status: 'completed' } } });
  await waitFor(() => { const row = document.querySelector('.vl-row[data-key="stream-msg"]'); return !!row && row.textContent.includes('word1998'); });
  const totalMs = performance.now() - streamStarted;
  await settle();
  streaming = false;

  return {
    domMs, paintedMs, rows, atBottom, jumpMs,
    elements: { bottom, middle, top },
    stream: { totalMs, frames, longestFrameMs, finalTextShown: true, gaps: gaps.filter((gap) => gap[1] > 40) },
    violations: bench.violations.slice(),
  };
})()`;

