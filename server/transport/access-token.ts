/**
 * Shared secrets of the network listeners: comparing a presented token in
 * constant time, reading it from an `Authorization: Bearer` header or a
 * cookie, and making one when the user gave none.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Constant-time equality, so response timing does not reveal a token's prefix. */
export function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, if it is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match ? match[1].trim() : undefined;
}

/** 192 random bits, URL-safe (it travels in a URL fragment). */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The web runtime's token when the user gave none: made once and kept in
 * the state directory (owner-only), so a tab left open across a server
 * restart reconnects with its cookie instead of asking for a new address.
 */
export function storedWebToken(home: string): string {
  const path = join(home, 'web-token');
  try {
    const kept = readFileSync(path, 'utf8').trim();
    if (kept.length >= 32) return kept;
  } catch {
    // Not made yet.
  }
  const token = newAccessToken();
  mkdirSync(home, { recursive: true, mode: 0o700 });
  writeFileSync(path, token + '\n', { mode: 0o600 });
  return token;
}
