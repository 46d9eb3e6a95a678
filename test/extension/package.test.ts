/**
 * `npm run package` builds a small .vsix holding the three bundles and no
 * sources, tests, sourcemaps or node_modules. It runs in a temporary copy of
 * the project, so the production rebuild of dist/ cannot disturb tests that
 * are spawning dist/server.js at the same time.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from './harness';
import { zipEntryNames } from './zip-entries';

const run = promisify(execFile);
const COPIED = ['package.json', 'esbuild.mjs', 'tsconfig.json', '.vscodeignore', 'README.md', 'LICENSE', 'extension', 'server', 'webview', 'media'];

describe('npm run package', () => {
  let work: string;
  let vsix: string;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'codex-threads-package-'));
    for (const name of COPIED) {
      if (existsSync(join(REPO_ROOT, name))) await cp(join(REPO_ROOT, name), join(work, name), { recursive: true });
    }
    await symlink(join(REPO_ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
    // stdin closed: vsce must not wait on a prompt (e.g. a missing LICENSE) in CI.
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packaging = run(npm, ['run', 'package'], { cwd: work, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
    packaging.child.stdin?.end();
    await packaging;
    const manifest = JSON.parse(await readFile(join(work, 'package.json'), 'utf8')) as { scripts: { package: string } };
    const output = /-o\s+(\S+)/.exec(manifest.scripts.package)?.[1] ?? `codex-threads.vsix`;
    vsix = join(work, output);
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('is under 5 MB', async () => {
    const { size } = await stat(vsix);
    assert.ok(size < 5 * 1024 * 1024, `the .vsix is ${size} bytes`);
  });

  it('holds the three bundles, the stylesheet, the manifest and media', async () => {
    const names = zipEntryNames(await readFile(vsix));
    for (const expected of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/webview.js',
      'extension/dist/webview.css',
      'extension/media/codex.svg',
    ]) {
      assert.ok(names.includes(expected), `${expected} is missing from ${names.join(', ')}`);
    }
  });

  it('holds nothing from node_modules and no sources, tests or sourcemaps', async () => {
    const names = zipEntryNames(await readFile(vsix));
    const unwanted = names.filter((name) => /node_modules\/|\.map$|\.ts$|^extension\/(test|server|extension|webview)\//.test(name));
    assert.deepEqual(unwanted, []);
  });
});
