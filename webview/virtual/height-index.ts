/**
 * Row heights with fast prefix sums: a Fenwick (binary indexed) tree. The
 * virtual list asks "where does row i start?" and "which row is at offset
 * y?" on every frame and on every scroll event, and changes single heights
 * as rows are measured. With 5,000+ rows, recomputing a prefix array per
 * change would be O(n) each time; here every operation is O(log n).
 * DOM-free (unit-tested).
 */
export class HeightIndex {
  private values: number[] = [];
  /** 1-based Fenwick tree over `values`; capacity grows by doubling. */
  private tree = new Float64Array(1);
  private sum = 0;

  get length(): number {
    return this.values.length;
  }

  /** Sum of all heights. */
  total(): number {
    return this.sum;
  }

  get(index: number): number {
    return this.values[index];
  }

  /** Replaces all heights at once, in O(n). */
  reset(heights: readonly number[]): void {
    this.values = heights.slice();
    this.rebuild(Math.max(1, this.values.length));
  }

  push(height: number): void {
    this.values.push(height);
    if (this.values.length >= this.tree.length) this.rebuild(this.values.length * 2);
    else this.add(this.values.length - 1, height);
  }

  set(index: number, height: number): void {
    const delta = height - this.values[index];
    if (delta === 0) return;
    this.values[index] = height;
    this.add(index, delta);
  }

  /** Where row `index` starts: the sum of heights of rows `[0, index)`. `offsetOf(length)` is the total. */
  offsetOf(index: number): number {
    let result = 0;
    for (let i = Math.min(index, this.values.length); i > 0; i -= i & -i) result += this.tree[i];
    return result;
  }

  /**
   * The row at `offset` px from the top: the largest `i` with `offsetOf(i) <= offset`,
   * clamped to `[0, length - 1]` (0 when empty). Walks the tree top-down in O(log n).
   */
  indexAt(offset: number): number {
    if (this.values.length === 0 || offset <= 0) return 0;
    let position = 0;
    let remaining = offset;
    for (let step = highestPowerOfTwo(this.tree.length - 1); step > 0; step >>= 1) {
      const next = position + step;
      if (next < this.tree.length && this.tree[next] <= remaining) {
        position = next;
        remaining -= this.tree[next];
      }
    }
    return Math.min(position, this.values.length - 1);
  }

  private add(index: number, delta: number): void {
    this.sum += delta;
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i] += delta;
  }

  /**
   * Linear-time build: each node adds its partial sum to its parent. Every
   * node up to the capacity takes part, including those past the last value:
   * they carry their children's sums up (a tree of 5,000 values in a
   * capacity of 10,000 has parents beyond index 5,000).
   */
  private rebuild(capacity: number): void {
    this.tree = new Float64Array(capacity + 1);
    this.sum = 0;
    for (let node = 1; node < this.tree.length; node++) {
      if (node <= this.values.length) {
        this.tree[node] += this.values[node - 1];
        this.sum += this.values[node - 1];
      }
      const parent = node + (node & -node);
      if (parent < this.tree.length) this.tree[parent] += this.tree[node];
    }
  }
}

function highestPowerOfTwo(n: number): number {
  let power = 1;
  while (power * 2 <= n) power *= 2;
  return n < 1 ? 0 : power;
}
