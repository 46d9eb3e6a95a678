/**
 * Path safety for apply_patch: a target must lie inside a writable root once `..` and symlinks
 * are resolved. The target itself may not exist yet, so the real path of its nearest existing
 * ancestor is taken and the missing components are appended; a symlink anywhere on the way that
 * leads out of the roots is therefore caught, and so is a file that is itself a symlink pointing
 * outside. Roots are compared by their real paths too (e.g. /tmp → /private/tmp on macOS).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PatchError } from './patch-error';
import type { PathPolicy } from './patch-types';

/** Resolves a path written in a patch against the cwd; refuses empty or NUL-containing paths. */
export function resolvePatchPath(cwd: string, written: string): string {
  if (written.trim() === '' || written.includes('\0')) throw new PatchError(`Invalid path: '${written}'`);
  return path.resolve(cwd, written);
}

/** Checks targets against one policy; caches the roots' real paths. */
export class WritableRoots {
  private readonly realRoots: string[] | null;

  constructor(private readonly policy: PathPolicy) {
    this.realRoots = policy.writableRoots?.map((root) => realPathAllowingMissing(path.resolve(root))) ?? null;
  }

  /** Throws `PatchError` unless `absolutePath` (as written: `displayPath`) may be written. */
  assertWritable(absolutePath: string, displayPath: string): void {
    if (this.realRoots === null) return;
    const realTarget = realPathAllowingMissing(absolutePath);
    if (this.realRoots.some((root) => isInside(root, realTarget))) return;
    const roots = (this.policy.writableRoots ?? []).join(', ') || '(none)';
    const lexicallyInside = (this.policy.writableRoots ?? []).some((root) => isInside(path.resolve(root), absolutePath));
    const why = lexicallyInside ? `it leads through a symlink to ${realTarget}` : `it resolves to ${absolutePath}`;
    throw new PatchError(
      `Path is outside the writable roots: ${displayPath} (${why}). Writable roots: ${roots}. ` +
        `Write only to files inside them.`,
    );
  }
}

/** The real path of `absolutePath`, or of its nearest existing ancestor joined with the rest. */
export function realPathAllowingMissing(absolutePath: string): string {
  const missing: string[] = [];
  let current = absolutePath;
  let symlinkHops = 0;
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      // A dangling symlink fails realpath too: resolve its target so it cannot point outside.
      const link = readLinkOrNull(current);
      if (link !== null) {
        if (++symlinkHops > 40) throw new PatchError(`Too many levels of symbolic links: ${absolutePath}`);
        current = path.resolve(parent, link);
        continue;
      }
      if (parent === current) return path.join(current, ...missing.reverse());
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

function readLinkOrNull(candidate: string): string | null {
  try {
    return fs.readlinkSync(candidate);
  } catch {
    return null;
  }
}

export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
