/**
 * Shared secrets of the network listeners: comparing a presented token in
 * constant time, reading it from an `Authorization: Bearer` header or a
 * cookie, and making one when the user gave none.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

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
