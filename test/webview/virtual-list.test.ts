import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeightIndex } from '../../webview/virtual/height-index';
import { anchorAt, bottomScrollTop, includeIndex, isNearBottom, scrollTopFor, spacers, visibleRange } from '../../webview/virtual/windowing';

function index(heights: number[]): HeightIndex {
  const result = new HeightIndex();
  result.reset(heights);
  return result;
}

describe('HeightIndex', () => {
  it('gives row offsets and the row at an offset', () => {
    const heights = index([10, 20, 30]);
    assert.deepEqual([0, 1, 2, 3].map((row) => heights.offsetOf(row)), [0, 10, 30, 60]);
    assert.deepEqual([-5, 0, 9.9, 10, 29, 30, 59, 60, 1000].map((offset) => heights.indexAt(offset)), [0, 0, 0, 1, 1, 2, 2, 2, 2]);
    assert.equal(heights.total(), 60);
  });

  it('stays consistent through pushes (past its capacity) and updates', () => {
    const heights = new HeightIndex();
    const plain: number[] = [];
    for (let row = 0; row < 1000; row++) {
      const height = 10 + (row % 7);
      heights.push(height);
      plain.push(height);
    }
    for (let row = 0; row < 1000; row += 37) {
      heights.set(row, 100);
      plain[row] = 100;
    }
    let offset = 0;
    for (let row = 0; row < plain.length; row++) {
      assert.equal(heights.offsetOf(row), offset);
      assert.equal(heights.indexAt(offset), row);
      assert.equal(heights.indexAt(offset + plain[row] - 0.5), row);
      offset += plain[row];
    }
    assert.equal(heights.total(), offset);
  });

  it('stays consistent when a reset of any length is followed by pushes (capacity not a power of two)', () => {
    for (const length of [1, 3, 5, 100, 5000]) {
      const plain = Array.from({ length }, (_, row) => 10 + (row % 5));
      const heights = index(plain);
      for (let extra = 0; extra < 40; extra++) {
        heights.push(7);
        plain.push(7);
      }
      let offset = 0;
      for (let row = 0; row < plain.length; row++) {
        assert.equal(heights.indexAt(offset + 1), row, `length ${length}, row ${row}`);
        assert.equal(heights.offsetOf(row), offset);
        offset += plain[row];
      }
    }
  });

  it('answers sensibly when empty', () => {
    const heights = new HeightIndex();
    assert.deepEqual([heights.total(), heights.offsetOf(0), heights.indexAt(50)], [0, 0, 0]);
  });
});

describe('windowing', () => {
  const hundredRows = () => index(new Array(100).fill(50)); // 5,000 px

  it('draws the rows in the viewport plus the overscan on each side', () => {
    assert.deepEqual(visibleRange(hundredRows(), 1000, 500, 100), { start: 18, end: 33 });
    assert.deepEqual(visibleRange(hundredRows(), 0, 500, 100), { start: 0, end: 13 });
    assert.deepEqual(visibleRange(index([]), 0, 500, 100), { start: 0, end: 0 });
  });

  it('stops at the last row at the bottom', () => {
    const heights = hundredRows();
    assert.deepEqual(visibleRange(heights, bottomScrollTop(heights.total(), 500), 500, 100), { start: 88, end: 100 });
  });

  it('keeps the draw window bounded however long the list', () => {
    const heights = index(new Array(100_000).fill(40));
    const range = visibleRange(heights, 2_000_000, 800, 800);
    assert.ok(range.end - range.start <= 62, `${range.end - range.start} rows`);
  });

  it('sizes the spacers to stand for the rows not drawn', () => {
    assert.deepEqual(spacers(hundredRows(), { start: 18, end: 33 }), { top: 900, bottom: 3350 });
  });

  it('keeps a focused row drawn unless it is far away', () => {
    assert.deepEqual(includeIndex({ start: 10, end: 20 }, 5, 50), { start: 5, end: 20 });
    assert.deepEqual(includeIndex({ start: 10, end: 20 }, 30, 50), { start: 10, end: 31 });
    assert.deepEqual(includeIndex({ start: 10, end: 20 }, 500, 50), { start: 10, end: 20 });
    assert.deepEqual(includeIndex({ start: 10, end: 20 }, null, 50), { start: 10, end: 20 });
  });

  it('keeps the row being read still when a row above grows', () => {
    const heights = hundredRows();
    const anchor = anchorAt(heights, 1020);
    assert.deepEqual(anchor, { index: 20, offset: 20 });
    heights.set(3, 250); // a row far above was measured 200 px taller
    assert.equal(scrollTopFor(heights, anchor, 500), 1220);
  });

  it('never scrolls past the end', () => {
    const heights = hundredRows();
    assert.equal(scrollTopFor(heights, { index: 99, offset: 40 }, 500), 4500);
    assert.equal(bottomScrollTop(300, 500), 0);
  });

  it('counts a position within the tolerance as at the bottom', () => {
    assert.equal(isNearBottom(4470, 500, 5000, 32), true);
    assert.equal(isNearBottom(4400, 500, 5000, 32), false);
  });
});
