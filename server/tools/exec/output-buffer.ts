/**
 * A byte-capped buffer that keeps the beginning and the end of a stream and
 * drops the middle: for command output the first lines (what ran, early
 * errors) and the last lines (the final error, the summary) matter most.
 * Text arrives already decoded; cuts are made on UTF-8 character boundaries.
 */

/** The visible note put where output was cut. */
export function omissionNote(omittedBytes: number): string {
  return `\n[… ${omittedBytes} bytes of output omitted …]\n`;
}

/** What {@link HeadTailBuffer.render} returns. */
export interface RenderedOutput {
  /** Head, note (when something was cut) and tail. */
  text: string;
  /** Bytes of the stream that `text` does not contain; 0 when complete. */
  omittedBytes: number;
}

export class HeadTailBuffer {
  private readonly headCapacity: number;
  private readonly tailCapacity: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private readonly tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  /** @param capacity bytes kept at most: half for the head, half for the tail. */
  constructor(readonly capacity: number) {
    this.headCapacity = Math.floor(capacity / 2);
    this.tailCapacity = capacity - this.headCapacity;
  }

  /** Bytes pushed so far, kept or not. */
  get totalBytes(): number {
    return this.total;
  }

  push(text: string): void {
    if (text === '') return;
    let bytes = Buffer.from(text, 'utf8');
    this.total += bytes.length;
    const room = this.headCapacity - this.headBytes;
    if (room > 0) {
      const part = bytes.subarray(0, room);
      this.head.push(part);
      this.headBytes += part.length;
      bytes = bytes.subarray(part.length);
    }
    if (bytes.length === 0) return;
    this.tail.push(bytes);
    this.tailBytes += bytes.length;
    while (this.tailBytes > this.tailCapacity) {
      const excess = this.tailBytes - this.tailCapacity;
      const first = this.tail[0];
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
      }
    }
  }

  /**
   * The kept text, cut to at most `maxBytes` (plus the note) by keeping
   * the first and last halves. `maxBytes` above the capacity means the capacity.
   */
  render(maxBytes: number = this.capacity): RenderedOutput {
    const limit = Math.max(0, Math.min(maxBytes, this.capacity));
    const headBuffer = Buffer.concat(this.head);
    const tailBuffer = Buffer.concat(this.tail);
    // Nothing dropped yet: head and tail are one contiguous stream, and the
    // split between them may even fall inside a character.
    const contiguous = this.total === this.headBytes + this.tailBytes;
    if (contiguous && this.total <= limit) {
      return { text: Buffer.concat([headBuffer, tailBuffer]).toString('utf8'), omittedBytes: 0 };
    }
    const headSource = contiguous ? Buffer.concat([headBuffer, tailBuffer]) : headBuffer;
    const tailSource = contiguous ? headSource : tailBuffer;
    const headLimit = Math.floor(limit / 2);
    const tailLimit = limit - headLimit;
    const headEnd = completeUtf8Prefix(headSource, Math.min(headLimit, headSource.length));
    const tailStart = nextUtf8Boundary(
      tailSource,
      Math.max(tailSource.length - tailLimit, contiguous ? headEnd : 0),
    );
    const omittedBytes = this.total - headEnd - (tailSource.length - tailStart);
    const head = headSource.toString('utf8', 0, headEnd);
    const tail = tailSource.toString('utf8', tailStart);
    return { text: omittedBytes > 0 ? head + omissionNote(omittedBytes) + tail : head + tail, omittedBytes };
  }
}

/** The largest length ≤ `end` that does not end inside a multibyte character. */
function completeUtf8Prefix(bytes: Buffer, end: number): number {
  let lead = end - 1;
  while (lead >= 0 && end - lead < 4 && isContinuation(bytes[lead])) lead--;
  if (lead < 0) return end;
  const byte = bytes[lead];
  const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return end - lead >= length ? end : lead;
}

/** The first index ≥ `start` that begins a character. */
function nextUtf8Boundary(bytes: Buffer, start: number): number {
  let index = start;
  while (index < bytes.length && index - start < 3 && isContinuation(bytes[index])) index++;
  return index;
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}
