/**
 * A virtualized, bottom-anchored list: only rows near the viewport are in
 * the DOM, between two spacers whose heights stand for the rows above and
 * below. Heights start as estimates and become measurements once a row was
 * drawn (`HeightIndex`).
 *
 * Layout happens at most once per animation frame (`scheduleLayout`), and
 * synchronously from a ResizeObserver callback, which runs after layout but
 * before paint, so a row that grew (a `<details>` opened, text rewrapped)
 * never shows a frame with overlapping or jumping content.
 *
 * Scrolling: while the user is at the bottom, the list follows new content
 * (streaming). Once they scroll up, it keeps the row at the top of the
 * viewport still (an anchor: row index + offset into it) while heights
 * above change; our own `overflow-anchor: none` in CSS stops Chromium's
 * scroll anchoring from adjusting a second time.
 */
import { HeightIndex } from './height-index';
import { anchorAt, bottomScrollTop, includeIndex, isNearBottom, scrollTopFor, spacers, visibleRange, type Anchor, type Range } from './windowing';

export interface RowView<T> {
  readonly element: HTMLElement;
  update(item: T): void;
  dispose(): void;
}

export interface RowRenderer<T> {
  create(item: T): RowView<T>;
  /** A height guess (px) for a row not yet drawn, given the list's width. */
  estimate(item: T, width: number): number;
  /** The row's accessible name. */
  label(item: T): string;
}

export interface VirtualListOptions {
  /** Rows drawn beyond each edge of the viewport, in px. */
  overscanPx?: number;
  /** How close to the bottom counts as "at the bottom" (follow new content). */
  followTolerancePx?: number;
  /** The user scrolled away from the bottom (false) or back to it (true). */
  onFollowChanged?(following: boolean): void;
}

interface Row<T> {
  key: string;
  index: number;
  wrapper: HTMLElement;
  view: RowView<T>;
  /** The item version the view shows and the height was measured for. */
  version: number;
  measured: boolean;
}

/** Layout passes per frame: estimates → measurements usually settle in two. */
const MAX_PASSES = 4;
/** A focused row stays drawn while it is at most this many rows outside the window. */
const KEEP_FOCUSED_WITHIN = 100;
const HOLD_AFTER_TOGGLE_MS = 250;

export class VirtualList<T extends { key: string; version: number }> {
  readonly element: HTMLElement;
  private items: readonly T[] = [];
  private readonly indexByKey = new Map<string, number>();
  private readonly heights = new HeightIndex();
  /** Whether `heights[i]` is a measurement (true) or an estimate. */
  private measured: boolean[] = [];
  private readonly rows = new Map<string, Row<T>>();
  private readonly rowByWrapper = new WeakMap<Element, Row<T>>();
  private readonly dirty = new Set<string>();
  /** Heights reported by the ResizeObserver, applied at the start of the next layout. */
  private readonly resized = new Map<Row<T>, number>();
  private readonly topSpacer: HTMLElement;
  private readonly bottomSpacer: HTMLElement;
  private readonly rowsHost: HTMLElement;
  private readonly resizeObserver: ResizeObserver;
  private readonly overscanPx: number;
  private readonly followTolerancePx: number;
  private following = true;
  /**
   * The user just expanded or collapsed a section: until then (a `performance.now()` time), keep
   * what they see still, even at the bottom. A short window rather than one layout: the section's
   * content may be filled by its own `toggle` handler, a task after the click.
   */
  private holdAnchorUntil = 0;
  private programmaticTop = -1;
  private range: Range = { start: 0, end: 0 };
  private frame = 0;
  private width = 0;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly renderer: RowRenderer<T>,
    private readonly options: VirtualListOptions = {},
  ) {
    this.overscanPx = options.overscanPx ?? 800;
    this.followTolerancePx = options.followTolerancePx ?? 32;
    this.element = document.createElement('div');
    this.element.className = 'vl';
    this.topSpacer = spacer();
    this.bottomSpacer = spacer();
    this.rowsHost = document.createElement('div');
    this.rowsHost.className = 'vl-rows';
    this.element.append(this.topSpacer, this.rowsHost, this.bottomSpacer);
    scroller.append(this.element);
    this.resizeObserver = new ResizeObserver((entries) => this.onResize(entries));
    this.resizeObserver.observe(scroller);
    scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    // A <summary> click (or Enter/Space on it) toggles a section: the row grows or shrinks under
    // the user's eyes. Following the bottom would push what they just opened out of view.
    this.rowsHost.addEventListener('click', (event) => this.onSectionToggle(event), true);
  }

  /** True while the list follows new content at the bottom. */
  get isFollowing(): boolean {
    return this.following;
  }

  /** Rows currently in the DOM (for tests and the benchmark). */
  get renderedRange(): Range {
    return { ...this.range };
  }

  /** Replaces every item (a history replay). */
  reset(items: readonly T[]): void {
    for (const row of this.rows.values()) this.removeRow(row);
    this.rows.clear();
    this.indexByKey.clear();
    this.dirty.clear();
    this.resized.clear();
    this.items = items;
    this.width = this.scroller.clientWidth;
    const estimates = items.map((item, index) => {
      this.indexByKey.set(item.key, index);
      return this.renderer.estimate(item, this.width);
    });
    this.heights.reset(estimates);
    this.measured = new Array<boolean>(items.length).fill(false);
    this.range = { start: 0, end: 0 };
    this.setFollowing(true);
    this.layout();
  }

  /** `items` grew (appended at the end) and/or some of them changed. */
  update(items: readonly T[], changed: readonly T[]): void {
    this.items = items;
    for (let index = this.heights.length; index < items.length; index++) {
      this.indexByKey.set(items[index].key, index);
      this.heights.push(this.renderer.estimate(items[index], this.width));
      this.measured.push(false);
    }
    for (const item of changed) {
      const index = this.indexByKey.get(item.key);
      if (index === undefined) continue;
      if (this.rows.has(item.key)) this.dirty.add(item.key);
      // Off-screen: a measurement (even of an older version) beats a guess; refresh guesses only.
      else if (!this.measured[index]) this.heights.set(index, this.renderer.estimate(item, this.width));
    }
    this.scheduleLayout();
  }

  /** Follows the bottom again ("Jump to latest"). */
  scrollToBottom(): void {
    this.setFollowing(true);
    this.layout();
  }

  scheduleLayout(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.layout();
    });
  }

  /** Draws the rows for the current scroll position; safe to call at any time. */
  layout(): void {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    const viewport = this.scroller.clientHeight;
    // The anchor is taken before any height changes, in the coordinates the user is looking at.
    const holding = performance.now() < this.holdAnchorUntil;
    const anchor: Anchor | null = this.following && !holding ? null : anchorAt(this.heights, this.scroller.scrollTop);
    this.applyResized();
    for (const key of this.dirty) {
      const row = this.rows.get(key);
      const item = row ? this.items[row.index] : undefined;
      if (row && item && item.version !== row.version) {
        row.view.update(item);
        row.version = item.version;
        row.measured = false;
      }
    }
    this.dirty.clear();
    if (viewport === 0) return; // hidden (a background tab): lay out once visible again

    let target = 0;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      target = anchor ? scrollTopFor(this.heights, anchor, viewport) : bottomScrollTop(this.heights.total(), viewport);
      const range = includeIndex(visibleRange(this.heights, target, viewport, this.overscanPx), this.focusedIndex(), KEEP_FOCUSED_WITHIN);
      this.materialize(range);
      if (!this.measure()) break;
    }
    const { top, bottom } = spacers(this.heights, this.range);
    // CSSOM writes, not style attributes: the CSP (no 'unsafe-inline') allows these.
    this.topSpacer.style.height = `${top}px`;
    this.bottomSpacer.style.height = `${bottom}px`;
    if (Math.abs(this.scroller.scrollTop - target) >= 1) {
      this.scroller.scrollTop = target;
      this.programmaticTop = this.scroller.scrollTop;
    }
    if (holding) this.setFollowing(isNearBottom(target, viewport, this.heights.total(), this.followTolerancePx));
  }

  /** Puts rows `[range.start, range.end)` in the DOM, in order, and removes the others. */
  private materialize(range: Range): void {
    for (const row of [...this.rows.values()]) {
      if (row.index < range.start || row.index >= range.end) {
        this.removeRow(row);
        this.rows.delete(row.key);
      }
    }
    let cursor: ChildNode | null = this.rowsHost.firstChild;
    for (let index = range.start; index < range.end; index++) {
      const item = this.items[index];
      let row = this.rows.get(item.key);
      if (!row) {
        row = this.createRow(item, index);
        this.rows.set(item.key, row);
      }
      row.wrapper.setAttribute('aria-setsize', String(this.items.length));
      if (row.wrapper === cursor) cursor = cursor.nextSibling;
      else this.rowsHost.insertBefore(row.wrapper, cursor);
    }
    this.range = range;
  }

  /** Measures rows drawn or changed since their last measurement; true if any height changed. */
  private measure(): boolean {
    let changed = false;
    for (const row of this.rows.values()) {
      if (row.measured) continue;
      const height = row.wrapper.getBoundingClientRect().height;
      row.measured = true;
      this.measured[row.index] = true;
      if (Math.abs(height - this.heights.get(row.index)) >= 0.5) {
        this.heights.set(row.index, height);
        changed = true;
      }
    }
    return changed;
  }

  private createRow(item: T, index: number): Row<T> {
    const wrapper = document.createElement('div');
    wrapper.className = 'vl-row';
    // The ARIA feed pattern: a virtualized list of articles that says where each one sits.
    wrapper.setAttribute('role', 'article');
    wrapper.setAttribute('aria-posinset', String(index + 1));
    wrapper.setAttribute('aria-label', this.renderer.label(item));
    wrapper.tabIndex = -1;
    wrapper.dataset.key = item.key;
    const view = this.renderer.create(item);
    wrapper.append(view.element);
    const row: Row<T> = { key: item.key, index, wrapper, view, version: item.version, measured: false };
    this.rowByWrapper.set(wrapper, row);
    this.resizeObserver.observe(wrapper);
    return row;
  }

  private removeRow(row: Row<T>): void {
    this.resizeObserver.unobserve(row.wrapper);
    this.resized.delete(row);
    row.view.dispose();
    row.wrapper.remove();
  }

  private onResize(entries: ResizeObserverEntry[]): void {
    let relayout = false;
    for (const entry of entries) {
      if (entry.target === this.scroller) {
        const width = this.scroller.clientWidth;
        if (width !== this.width) {
          this.width = width;
          // Text rewraps at a new width: every drawn row needs measuring again.
          for (const row of this.rows.values()) row.measured = false;
        }
        relayout = true;
        continue;
      }
      const row = this.rowByWrapper.get(entry.target);
      if (!row || this.rows.get(row.key) !== row) continue;
      const height = entry.borderBoxSize?.[0]?.blockSize ?? entry.target.getBoundingClientRect().height;
      if (Math.abs(height - this.heights.get(row.index)) >= 0.5) {
        this.resized.set(row, height);
        relayout = true;
      }
    }
    // Before paint: fix spacers and scroll in the same frame the size changed.
    if (relayout) this.layout();
  }

  private applyResized(): void {
    for (const [row, height] of this.resized) {
      this.heights.set(row.index, height);
      this.measured[row.index] = true;
    }
    this.resized.clear();
  }

  private onSectionToggle(event: Event): void {
    const summary = (event.target as Element | null)?.closest?.('summary');
    const wrapper = summary?.closest('.vl-row');
    const row = wrapper ? this.rowByWrapper.get(wrapper) : undefined;
    if (!row) return;
    row.measured = false;
    this.holdAnchorUntil = performance.now() + HOLD_AFTER_TOGGLE_MS;
    this.scheduleLayout();
  }

  private onScroll(): void {
    const top = this.scroller.scrollTop;
    // Our own scrollTop writes fire scroll events too; only the user's change what we follow.
    if (this.programmaticTop >= 0 && Math.abs(top - this.programmaticTop) < 1) return;
    this.programmaticTop = -1;
    this.setFollowing(isNearBottom(top, this.scroller.clientHeight, this.scroller.scrollHeight, this.followTolerancePx));
    // Scroll events come before animation frames, so the new rows are drawn before this frame paints.
    this.scheduleLayout();
  }

  private setFollowing(following: boolean): void {
    if (following === this.following) return;
    this.following = following;
    this.options.onFollowChanged?.(following);
  }

  private focusedIndex(): number | null {
    const active = document.activeElement;
    if (!active || !this.rowsHost.contains(active)) return null;
    const wrapper = active.closest('.vl-row');
    const row = wrapper ? this.rowByWrapper.get(wrapper) : undefined;
    return row ? row.index : null;
  }
}

function spacer(): HTMLElement {
  const element = document.createElement('div');
  element.className = 'vl-spacer';
  element.setAttribute('aria-hidden', 'true');
  return element;
}
