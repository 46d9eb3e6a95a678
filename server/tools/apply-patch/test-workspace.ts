/**
 * Test support for the apply_patch unit tests: a temp folder per test, removed afterwards, and a
 * snapshot of everything in it (hidden files included) to prove that nothing was written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Workspace {
  /** Real path of the temp folder (so symlinked tmp dirs, e.g. on macOS, don't confuse comparisons). */
  root: string;
  /** Absolute path of `relative` inside the workspace. */
  at(relative: string): string;
  write(relative: string, content: string | Buffer): void;
  read(relative: string): string;
  exists(relative: string): boolean;
  /** Relative path → content (files), '<dir>' (folders) or '-> target' (symlinks), sorted. */
  snapshot(): Record<string, string>;
}

export function withWorkspace(run: (workspace: Workspace) => void): void {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'apply-patch-test-')));
  const at = (relative: string) => path.join(root, relative);
  try {
    run({
      root,
      at,
      write: (relative, content) => {
        fs.mkdirSync(path.dirname(at(relative)), { recursive: true });
        fs.writeFileSync(at(relative), content);
      },
      read: (relative) => fs.readFileSync(at(relative), 'utf8'),
      exists: (relative) => fs.lstatSync(at(relative), { throwIfNoEntry: false }) !== undefined,
      snapshot: () => snapshot(root),
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const visit = (folder: string) => {
    for (const name of fs.readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      const relative = path.relative(root, full);
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink()) entries[relative] = `-> ${fs.readlinkSync(full)}`;
      else if (stat.isDirectory()) {
        entries[relative] = '<dir>';
        visit(full);
      } else entries[relative] = fs.readFileSync(full, 'utf8');
    }
  };
  visit(root);
  return entries;
}
