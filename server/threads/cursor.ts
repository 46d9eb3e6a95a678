/**
 * Opaque pagination cursors. Clients must not parse them; we encode a small
 * JSON position as base64url so a tampered cursor fails cleanly.
 */
import { RpcError } from '../protocol';

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through
  }
  throw RpcError.invalidParams(`Invalid cursor: ${JSON.stringify(cursor.slice(0, 80))} (pass back a cursor from a previous page)`, {
    field: 'cursor',
  });
}

/** Clamps a requested page size. */
export function pageSize(limit: number | null | undefined, fallback: number, max: number): number {
  if (limit === null || limit === undefined || limit <= 0) return fallback;
  return Math.min(limit, max);
}
