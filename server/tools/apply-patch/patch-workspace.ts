/**
 * The planner's view of the files a patch touches: what is on disk (read once, lazily) overlaid
 * with what earlier operations of the same patch did. Later operations see earlier ones, so a
 * patch may update a file twice, add then update it, or delete then re-add it; only operations
 * that really conflict fail (adding over a file, touching a file that is gone, creating a file
 * where a folder must be).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PatchError } from './patch-error';

type DiskEntry =
  | { kind: 'missing' }
  | { kind: 'directory' }
  | { kind: 'special' }
  | { kind: 'file'; text: string; isUtf8: boolean };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export class PatchWorkspace {
  private readonly disk = new Map<string, DiskEntry>();
  /** Content after the operations so far: a string, or null once deleted/moved away. */
  private readonly overlay = new Map<string, string | null>();
  private readonly displayPaths = new Map<string, string>();
  /** Absolute paths in the order the patch first names them. */
  readonly touched: string[] = [];

  constructor(private readonly cwd: string) {}

  /** Records that the patch names `absolutePath`, written as `displayPath`. */
  touch(absolutePath: string, displayPath: string): void {
    if (this.displayPaths.has(absolutePath)) return;
    this.displayPaths.set(absolutePath, displayPath);
    this.touched.push(absolutePath);
  }

  displayPath(absolutePath: string): string {
    return this.displayPaths.get(absolutePath) ?? path.relative(this.cwd, absolutePath);
  }

  /** The file's text on disk before the patch, or null if there was no regular file. */
  original(absolutePath: string): string | null {
    const entry = this.diskEntry(absolutePath);
    return entry.kind === 'file' ? entry.text : null;
  }

  /** The file's text after the operations so far, or null if there is no file. */
  current(absolutePath: string): string | null {
    return this.overlay.has(absolutePath) ? (this.overlay.get(absolutePath) ?? null) : this.original(absolutePath);
  }

  set(absolutePath: string, content: string | null): void {
    this.overlay.set(absolutePath, content);
  }

  /**
   * The current text of a file an operation must find; `forEdit` also requires it to be UTF-8
   * (hunks cannot be matched against binary data, and rewriting it would corrupt it).
   */
  requireFile(absolutePath: string, displayPath: string, forEdit: boolean): string {
    const content = this.current(absolutePath);
    if (content !== null) {
      const entry = this.diskEntry(absolutePath);
      if (forEdit && !this.overlay.has(absolutePath) && entry.kind === 'file' && !entry.isUtf8) {
        throw new PatchError(`${displayPath} is not UTF-8 text; apply_patch only edits text files`);
      }
      return content;
    }
    const kind = this.overlay.has(absolutePath) ? 'missing' : this.diskEntry(absolutePath).kind;
    if (kind === 'directory') throw new PatchError(`${displayPath} is a directory, not a file`);
    if (kind === 'special') throw new PatchError(`${displayPath} is not a regular file`);
    const goneEarlier = this.overlay.get(absolutePath) === null && this.original(absolutePath) !== null;
    const hint = goneEarlier
      ? 'it was deleted or moved earlier in this patch'
      : forEdit
        ? 'check the path, or use *** Add File to create it'
        : 'check the path';
    throw new PatchError(`File not found: ${displayPath} (${hint})`);
  }

  /** Throws unless a new file can be created at `absolutePath` given the operations so far. */
  assertCanCreate(absolutePath: string, displayPath: string, conflictMessage: string): void {
    if (this.current(absolutePath) !== null) throw new PatchError(conflictMessage);
    if (!this.overlay.has(absolutePath)) {
      const kind = this.diskEntry(absolutePath).kind;
      if (kind === 'directory') throw new PatchError(`Cannot create ${displayPath}: a directory with that name exists`);
      if (kind === 'special') throw new PatchError(`Cannot create ${displayPath}: something that is not a regular file exists there`);
    }
    for (const [other, content] of this.overlay) {
      if (content !== null && other.startsWith(absolutePath + path.sep)) {
        throw new PatchError(`Cannot create ${displayPath}: this patch creates ${this.displayPath(other)} inside it`);
      }
    }
    // Every missing ancestor will be created as a folder; an existing one must be a folder, or a
    // file this patch deletes first.
    for (let folder = path.dirname(absolutePath); ; folder = path.dirname(folder)) {
      const planned = this.overlay.get(folder);
      if (typeof planned === 'string') {
        throw new PatchError(`Cannot create ${displayPath}: ${this.displayPath(folder)} is a file created by this patch`);
      }
      const kind = this.diskEntry(folder).kind;
      if (kind === 'directory') return;
      if (kind !== 'missing' && planned !== null) {
        throw new PatchError(`Cannot create ${displayPath}: ${this.displayPath(folder)} is a file, not a folder`);
      }
      if (path.dirname(folder) === folder) return;
    }
  }

  private diskEntry(absolutePath: string): DiskEntry {
    let entry = this.disk.get(absolutePath);
    if (entry === undefined) {
      entry = readDiskEntry(absolutePath);
      this.disk.set(absolutePath, entry);
    }
    return entry;
  }
}

function readDiskEntry(absolutePath: string): DiskEntry {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolutePath);
  } catch {
    // A dangling symlink is something in the way, not a free name.
    return lstatOrNull(absolutePath) ? { kind: 'special' } : { kind: 'missing' };
  }
  if (stat.isDirectory()) return { kind: 'directory' };
  if (!stat.isFile()) return { kind: 'special' };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absolutePath);
  } catch (error) {
    throw new PatchError(`Cannot read ${absolutePath}: ${(error as Error).message}`);
  }
  try {
    return { kind: 'file', text: utf8.decode(bytes), isUtf8: true };
  } catch {
    return { kind: 'file', text: lossyUtf8.decode(bytes), isUtf8: false };
  }
}

function lstatOrNull(absolutePath: string): fs.Stats | null {
  try {
    return fs.lstatSync(absolutePath);
  } catch {
    return null;
  }
}
