/**
 * The virtual list's arithmetic, DOM-free (unit-tested): which rows to draw
 * for a scroll position, how tall the spacers around them are, where to
 * scroll to keep the bottom in view or to keep the row the user is reading
 * still while heights above it change.
 */

/** What windowing needs from the height index. */
export interface Heights {
  readonly length: number;
  total(): number;
  offsetOf(index: number): number;
  indexAt(offset: number): number;
}

/** Rows `[start, end)`. */
export interface Range {
  start: number;
  end: number;
}

/**
 * The rows intersecting `[scrollTop - overscan, scrollTop + viewport + overscan]`.
 * Overscan draws a margin of rows beyond the viewport, so a scroll of a few
 * hundred px shows rows already laid out instead of a blank.
 */
export function visibleRange(heights: Heights, scrollTop: number, viewportHeight: number, overscanPx: number): Range {
  if (heights.length === 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop - overscanPx);
  const bottom = scrollTop + viewportHeight + overscanPx;
  const start = heights.indexAt(top);
  let end = heights.indexAt(bottom) + 1;
  // indexAt clamps to the last row; past the content there is nothing more to draw.
  end = Math.min(heights.length, Math.max(end, start + 1));
  return { start, end };
}

/** Widens `range` to include `index` (a focused row must stay in the DOM or focus is lost), unless it is too far away. */
export function includeIndex(range: Range, index: number | null, maxDistance: number): Range {
  if (index === null) return range;
  if (index < range.start && range.start - index <= maxDistance) return { start: index, end: range.end };
  if (index >= range.end && index - range.end < maxDistance) return { start: range.start, end: index + 1 };
  return range;
}

/** Heights of the spacers above and below the drawn rows. */
export function spacers(heights: Heights, range: Range): { top: number; bottom: number } {
  const top = heights.offsetOf(range.start);
  return { top, bottom: Math.max(0, heights.total() - heights.offsetOf(range.end)) };
}

/** The scroll position that shows the end of the content. */
export function bottomScrollTop(totalHeight: number, viewportHeight: number): number {
  return Math.max(0, totalHeight - viewportHeight);
}

/** A reading position: a row and how far into it the viewport's top is. */
export interface Anchor {
  index: number;
  offset: number;
}

export function anchorAt(heights: Heights, scrollTop: number): Anchor {
  const index = heights.indexAt(scrollTop);
  return { index, offset: scrollTop - heights.offsetOf(index) };
}

/** The scroll position that keeps `anchor` where it was after heights changed. */
export function scrollTopFor(heights: Heights, anchor: Anchor, viewportHeight: number): number {
  const target = heights.offsetOf(Math.min(anchor.index, heights.length)) + anchor.offset;
  return Math.max(0, Math.min(target, bottomScrollTop(heights.total(), viewportHeight)));
}

/** Near enough to the bottom to count as "following the stream". */
export function isNearBottom(scrollTop: number, viewportHeight: number, scrollHeight: number, tolerancePx: number): boolean {
  return scrollHeight - scrollTop - viewportHeight <= tolerancePx;
}
