/**
 * The thread index: every stored thread's metadata in memory, so that
 * `thread/list` never opens rollout files (≤ 20 ms at 10,000 threads).
 *
 * On disk it is an append-only log (`thread-index.jsonl`, one `put` or
 * `delete` per line) that is compacted when mostly stale. The rollouts stay
 * the source of truth: loading reconciles the log with the files on disk,
 * adding threads the log missed (a crash between the two writes) and
 * dropping entries whose file is gone.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../common/log';
import { DIR_MODE, FILE_MODE, readRollout } from './rollout-file';
import type { RolloutPaths } from './rollout-paths';
import type { ThreadMetadata } from './rollout-records';
import { replayRollout } from './rollout-replay';


/**
 * On disk an entry keeps only what differs from a thread's defaults (most
 * metadata fields are null), and the preview is cut short: lines stay small,
 * so loading 10,000 threads parses a few MB, not tens.
 */
type StoredEntry = { id: string; path: string; archived?: true; meta: Partial<ThreadMetadata> };
type IndexLine = { op: 'put'; entry: StoredEntry } | { op: 'delete'; id: string };

const PREVIEW_LIMIT = 400;
const RECONCILE_DELAY_MS = 1500;

const METADATA_DEFAULTS: Omit<ThreadMetadata, 'id' | 'path'> = {
  sessionId: '',
  preview: '',
  name: null,
  ephemeral: false,
  modelProvider: 'openai',
  model: null,
  reasoningEffort: null,
  createdAt: 0,
  updatedAt: 0,
  recencyAt: null,
  cwd: '',
  cliVersion: '',
  originator: null,
  source: 'vscode',
  forkedFromId: null,
  parentThreadId: null,
  agentNickname: null,
  agentRole: null,
  threadSource: null,
  gitInfo: null,
  historyMode: 'paginated',
  projectId: null,
  section: null,
  sectionEnteredAt: null,
};

/**
 * One thread of the index. The full metadata object is built only when
 * asked for (a listed page); filtering and sorting read single fields, so a
 * freshly loaded index of 10,000 threads serves its first page quickly.
 */
export class IndexEntry {
  private built: ThreadMetadata | undefined;
  private parsed: StoredEntry | undefined;

  /**
   * From a stored entry, or from its raw log line: then the line is parsed
   * only when a field it holds is asked for. A field absent from the line is
   * a default, and the numeric sort keys are read straight off the text, so
   * loading and listing 10,000 threads parses only the listed page.
   */
  constructor(source: StoredEntry | { raw: string; id: string }) {
    if ('raw' in source) {
      this.raw = source.raw;
      this.id = source.id;
    } else {
      this.parsed = source;
      this.raw = null;
      this.id = source.id;
    }
  }

  readonly id: string;
  private readonly raw: string | null;
  /** The creation time, read once: sorting asks for it thousands of times. */
  private createdAtCache: number | undefined;

  get createdAt(): number {
    this.createdAtCache ??= this.field('createdAt');
    return this.createdAtCache;
  }

  private get stored(): StoredEntry {
    if (!this.parsed) {
      try {
        this.parsed = (JSON.parse(this.raw!) as { entry: StoredEntry }).entry;
      } catch {
        // A damaged line that looked whole: keep the thread listed by id; the
        // check against the files on disk restores its details.
        log.warn(`thread index: unreadable entry for ${this.id}`);
        this.parsed = { id: this.id, path: '', meta: {} };
      }
    }
    return this.parsed;
  }

  /** Current rollout path (moves on archive / unarchive). */
  get path(): string {
    return this.stored.path;
  }

  get archived(): boolean {
    if (!this.parsed && this.raw) return this.raw.includes('"archived":true');
    return this.stored.archived === true;
  }

  field<K extends keyof ThreadMetadata>(key: K): ThreadMetadata[K] {
    if (key === 'id') return this.id as ThreadMetadata[K];
    if (key === 'path') return this.stored.path as ThreadMetadata[K];
    if (!this.parsed && this.raw) {
      // Inside JSON strings quotes are escaped, so `"key":` only matches a real key.
      const at = this.raw.indexOf(`"${key}":`);
      if (at === -1) return defaultOf(key, this.id);
      if (key === 'createdAt' || key === 'updatedAt' || key === 'recencyAt') {
        const value = Number.parseInt(this.raw.slice(at + key.length + 3, at + key.length + 23), 10);
        if (Number.isFinite(value)) return value as ThreadMetadata[K];
      }
    }
    const value = this.stored.meta[key];
    return value !== undefined ? (value as ThreadMetadata[K]) : defaultOf(key, this.id);
  }

  get metadata(): ThreadMetadata {
    this.built ??= { ...METADATA_DEFAULTS, sessionId: this.id, ...this.stored.meta, id: this.id, path: this.stored.path } as ThreadMetadata;
    return this.built;
  }

  toStored(): StoredEntry {
    return this.stored;
  }

  /** The entry's log line (the original text when it was never parsed). */
  toLine(): string {
    return this.raw !== null && !this.parsed ? this.raw : JSON.stringify({ op: 'put', entry: this.stored });
  }
}

function defaultOf<K extends keyof ThreadMetadata>(key: K, id: string): ThreadMetadata[K] {
  return (key === 'sessionId' ? id : METADATA_DEFAULTS[key as keyof typeof METADATA_DEFAULTS]) as ThreadMetadata[K];
}

const PUT_PREFIX = '{"op":"put","entry":{"id":"';

function toStored(metadata: ThreadMetadata, archived: boolean, path: string): StoredEntry {
  const meta: Partial<ThreadMetadata> = {};
  for (const [key, value] of Object.entries(metadata) as Array<[keyof ThreadMetadata, unknown]>) {
    if (key === 'id' || key === 'path' || (key === 'sessionId' && value === metadata.id)) continue;
    if (value === (METADATA_DEFAULTS as Record<string, unknown>)[key]) continue;
    (meta as Record<string, unknown>)[key] = key === 'preview' && typeof value === 'string' ? shorten(value) : value;
  }
  return archived ? { id: metadata.id, path, archived: true, meta } : { id: metadata.id, path, meta };
}

function shorten(preview: string): string {
  return preview.length > PREVIEW_LIMIT ? `${preview.slice(0, PREVIEW_LIMIT)}…` : preview;
}

export class ThreadIndex {
  private readonly entries = new Map<string, IndexEntry>();
  /** Entries ordered by (createdAt, id), kept between calls: the default listing order. */
  private byCreated: IndexEntry[] | null = null;
  private readonly file: string;
  private fd: number | null = null;
  private lines = 0;
  private loaded = false;

  constructor(private readonly paths: RolloutPaths) {
    this.file = join(paths.home, 'thread-index.jsonl');
  }

  /** Loads on first use; cheap afterwards. */
  ensureLoaded(): void {
    if (this.loaded) return;
    this.loaded = true;
    const started = Date.now();
    const hadLog = this.readLog();
    this.sortedByCreated();
    const finish = () => {
      this.reconcile();
      if (this.lines > this.entries.size + Math.max(100, this.entries.size / 4)) this.compact();
    };
    // With a log, serve from it at once and check it against the disk a
    // little later, off the path of the first requests; without one (first
    // start, deleted index), rebuild it now.
    if (hadLog) setTimeout(() => this.safely(finish), RECONCILE_DELAY_MS).unref();
    else finish();
    log.debug(`thread index: ${this.entries.size} threads loaded in ${Date.now() - started} ms`);
  }

  get(threadId: string): IndexEntry | undefined {
    this.ensureLoaded();
    return this.entries.get(threadId);
  }

  values(): IterableIterator<IndexEntry> {
    this.ensureLoaded();
    return this.entries.values();
  }

  /** Every entry by (createdAt, id) ascending; sorted once, then kept up to date. */
  sortedByCreated(): readonly IndexEntry[] {
    this.ensureLoaded();
    this.byCreated ??= [...this.entries.values()].sort(compareCreated);
    return this.byCreated;
  }

  get size(): number {
    this.ensureLoaded();
    return this.entries.size;
  }

  /** Records a thread (new or changed); `path` is where its rollout is now. */
  put(metadata: ThreadMetadata, archived: boolean, path: string): IndexEntry {
    this.ensureLoaded();
    const stored = toStored({ ...metadata, path }, archived, path);
    // Keep in memory exactly what a reload would give (previews cut short).
    const entry = new IndexEntry(stored);
    const previous = this.entries.get(stored.id);
    this.entries.set(stored.id, entry);
    this.appendLine({ op: 'put', entry: stored });
    this.keepSorted(previous, entry);
    return entry;
  }

  delete(threadId: string): void {
    this.ensureLoaded();
    const previous = this.entries.get(threadId);
    if (!previous) return;
    this.entries.delete(threadId);
    this.appendLine({ op: 'delete', id: threadId });
    this.keepSorted(previous, null);
  }

  /** Updates the sorted order in place: a new thread usually goes last. */
  private keepSorted(previous: IndexEntry | undefined, next: IndexEntry | null): void {
    const sorted = this.byCreated;
    if (!sorted) return;
    if (previous) {
      const at = findCreated(sorted, previous);
      if (at === -1) return void (this.byCreated = null);
      if (next && compareCreated(previous, next) === 0) return void (sorted[at] = next);
      sorted.splice(at, 1);
    }
    if (!next) return;
    const last = sorted.at(-1);
    if (!last || compareCreated(last, next) < 0) sorted.push(next);
    else sorted.splice(insertionPoint(sorted, next), 0, next);
  }

  /** Closes the log; a log that is mostly stale lines is compacted first, so the next start reads less. */
  close(): void {
    if (this.loaded && this.lines > this.entries.size * 1.1 + 20) this.safely(() => this.compact());
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private safely(action: () => void): void {
    try {
      action();
    } catch (error) {
      log.error(`thread index: ${(error as Error).message}`);
    }
  }

  /** Reads the log into memory; false when there is none. */
  private readLog(): boolean {
    if (!existsSync(this.file)) return false;
    const text = readFileSync(this.file, 'utf8');
    for (const line of text.split('\n')) {
      if (!line) continue;
      this.lines += 1;
      // Our own complete `put` lines are kept raw and parsed on demand; anything
      // else (a delete, an older format) is parsed now.
      if (line.startsWith(PUT_PREFIX) && line.endsWith('}}') && line.charCodeAt(PUT_PREFIX.length + 36) === 34) {
        const id = line.slice(PUT_PREFIX.length, PUT_PREFIX.length + 36);
        this.entries.set(id, new IndexEntry({ raw: line, id }));
        continue;
      }
      let parsed: IndexLine;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue; // A torn last line: the rollouts will fill the gap.
      }
      if (parsed.op === 'put' && typeof parsed.entry?.id === 'string' && parsed.entry.meta) this.entries.set(parsed.entry.id, new IndexEntry(parsed.entry));
      else if (parsed.op === 'delete') this.entries.delete(parsed.id);
    }
    return true;
  }

  private reconcile(): void {
    const onDisk = this.paths.scan();
    const seen = new Set<string>();
    for (const location of onDisk) {
      seen.add(location.threadId);
      const entry = this.entries.get(location.threadId);
      if (entry && entry.path === location.path && entry.archived === location.archived) continue;
      if (entry) {
        this.put(entry.metadata, location.archived, location.path);
        continue;
      }
      try {
        const replayed = replayRollout(readRollout(location.path).records);
        if (replayed) this.put(replayed.metadata, location.archived, location.path);
      } catch (error) {
        log.warn(`thread index: cannot read ${location.path}: ${(error as Error).message}`);
      }
    }
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.delete(id);
  }

  /** Rewrites the log with live entries only, atomically (write + rename). */
  private compact(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    const temporary = `${this.file}.tmp-${process.pid}`;
    const body = [...this.entries.values()].map((entry) => entry.toLine()).join('\n');
    writeFileSync(temporary, body ? body + '\n' : '', { mode: FILE_MODE });
    renameSync(temporary, this.file);
    this.lines = this.entries.size;
  }

  private appendLine(line: IndexLine): void {
    if (this.fd === null) {
      mkdirSync(this.paths.home, { recursive: true, mode: DIR_MODE });
      this.fd = openSync(this.file, 'a', FILE_MODE);
    }
    writeSync(this.fd, JSON.stringify(line) + '\n');
    this.lines += 1;
  }
}

function compareCreated(a: IndexEntry, b: IndexEntry): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** First position whose entry sorts at or after `entry` (binary search). */
function insertionPoint(sorted: readonly IndexEntry[], entry: IndexEntry): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareCreated(sorted[middle], entry) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function findCreated(sorted: readonly IndexEntry[], entry: IndexEntry): number {
  const at = insertionPoint(sorted, entry);
  return at < sorted.length && sorted[at].id === entry.id ? at : -1;
}
