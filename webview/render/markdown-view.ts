/**
 * A block of rendered markdown that may be updated while it streams.
 * Rendering happens at most once per call, and calls come at most once per
 * animation frame (the transcript redraws per frame). A long reply whose
 * markdown takes more than a few ms to render is further throttled while it
 * streams, so typing in the composer stays smooth; the final text (the
 * entry closed) always renders at once.
 */
import { HtmlCache } from './html-cache';
import { renderMarkdown } from './markdown';
import { sanitizeHtml, setHtml } from './sanitize';

/** Shared by every markdown view: enough for the rows near the viewport several times over. */
const cache = new HtmlCache(400);
/** A render slower than this makes streaming updates wait `THROTTLE_MS` between renders. */
const SLOW_RENDER_MS = 8;
const THROTTLE_MS = 150;

export class MarkdownView {
  readonly element: HTMLElement;
  private source: string | null = null;
  private lastRenderMs = 0;
  private lastRenderAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly cacheKey: string,
    private readonly flavour: 'agent' | 'user',
    className = 'markdown',
  ) {
    this.element = document.createElement('div');
    this.element.className = className;
  }

  /** Shows `text`; `streaming` allows deferring the render of a slow, still-growing text. */
  update(text: string, streaming: boolean): void {
    if (text === this.source) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const sinceLast = performance.now() - this.lastRenderAt;
    if (streaming && this.lastRenderMs > SLOW_RENDER_MS && sinceLast < THROTTLE_MS) {
      this.timer = setTimeout(() => this.render(text), THROTTLE_MS - sinceLast);
      return;
    }
    this.render(text);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private render(text: string): void {
    this.timer = undefined;
    const started = performance.now();
    let html = cache.get(this.cacheKey, text);
    if (html === undefined) {
      html = sanitizeHtml(renderMarkdown(text, this.flavour));
      cache.set(this.cacheKey, text, html);
    }
    setHtml(this.element, html);
    this.source = text;
    this.lastRenderAt = performance.now();
    this.lastRenderMs = this.lastRenderAt - started;
  }
}
