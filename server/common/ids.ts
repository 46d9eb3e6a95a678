/**
 * UUIDv7 identifiers (time-ordered), as Codex uses for threads, turns and
 * items: sorting ids sorts by creation time.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

export function uuidv7(now = Date.now()): string {
  // Within one millisecond, a counter in the random bits keeps ids ordered.
  if (now <= lastMs) {
    now = lastMs;
    sequence += 1;
  } else {
    lastMs = now;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
