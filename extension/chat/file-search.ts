/**
 * The composer's `@` file search: the workspace's files (what
 * `files.exclude` and `search.exclude` leave, and never `node_modules` or
 * `.git`), fuzzy-filtered, at most 50. The file list is kept for a few
 * seconds, since a search runs on every keystroke.
 */
import * as vscode from 'vscode';
import type { FileSearchResult } from './chat-router';
import { fuzzyFilter } from './fuzzy-match';

const MAX_RESULTS = 50;
const MAX_FILES = 20_000;
const CACHE_MS = 10_000;

export class WorkspaceFileSearch {
  private cache: { files: Promise<FileSearchResult[]>; at: number } | undefined;

  async search(query: string): Promise<FileSearchResult[]> {
    const files = await this.files();
    return fuzzyFilter(query, files, (file) => file.path, MAX_RESULTS);
  }

  private files(): Promise<FileSearchResult[]> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const files = this.list();
      this.cache = { files, at: Date.now() };
      files.catch(() => (this.cache = undefined));
    }
    return this.cache.files;
  }

  private async list(): Promise<FileSearchResult[]> {
    const uris = await vscode.workspace.findFiles('**/*', excludeGlob(), MAX_FILES);
    // With several folders, asRelativePath prefixes the folder's name: that is what a mention names.
    return uris
      .map((uri) => {
        const path = vscode.workspace.asRelativePath(uri, true).replace(/\\/g, '/');
        return { path, label: path.split('/').pop() ?? path };
      })
      .sort((a, b) => a.path.localeCompare(b.path));
  }
}

/** `files.exclude` ∪ `search.exclude` ∪ the folders nobody mentions (a given exclude replaces the defaults). */
export function excludeGlob(): string {
  const patterns = new Set(['**/node_modules/**', '**/.git/**']);
  for (const section of ['files', 'search']) {
    const excluded = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude') ?? {};
    for (const [pattern, enabled] of Object.entries(excluded)) if (enabled === true) patterns.add(pattern);
  }
  return `{${[...patterns].join(',')}}`;
}
