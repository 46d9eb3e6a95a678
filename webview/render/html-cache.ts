/**
 * A small LRU of sanitized HTML. The virtual list rebuilds rows as they
 * scroll back into view; re-parsing markdown or re-running diff2html for an
 * unchanged message would make scrolling stutter. Keyed by the source text
 * itself (compared on hit), so an edited message can never show stale HTML.
 */
import type { SanitizedHtml } from './sanitize';

export class HtmlCache {
  private readonly entries = new Map<string, { source: string; html: SanitizedHtml }>();

  constructor(private readonly capacity: number) {}

  get(key: string, source: string): SanitizedHtml | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.source !== source) return undefined;
    // Re-insert: Map iteration order is insertion order, so the oldest is first.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.html;
  }

  set(key: string, source: string, html: SanitizedHtml): void {
    this.entries.delete(key);
    this.entries.set(key, { source, html });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
