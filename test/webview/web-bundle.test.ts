/**
 * The web page's bundle and theme, checked from their sources: the page
 * must run in a plain browser (nothing of Node or VS Code), and outside VS
 * Code nobody defines the `--vscode-*` variables the styles use.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';

const ROOT = join(__dirname, '..', '..');
const STYLES = join(ROOT, 'webview', 'styles');

function variables(css: string): Set<string> {
  return new Set([...css.matchAll(/(--vscode-[\w-]+)\s*:/g)].map((match) => match[1]));
}

describe('web page bundle', () => {
  it('bundles ChatRouter for the browser without Node modules, vscode or the stdio client', async () => {
    const result = await esbuild.build({
      entryPoints: [join(ROOT, 'webview', 'web', 'web-main.ts')],
      absWorkingDir: ROOT,
      bundle: true,
      write: false,
      outdir: join(ROOT, '.tmp', 'web-bundle-test'),
      platform: 'browser',
      format: 'iife',
      loader: { '.css': 'css' },
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.includes('extension/chat/chat-router.ts'));
    assert.ok(inputs.includes('extension/chat/thread-session.ts'));
    assert.ok(inputs.includes('extension/review/approval-router.ts'), 'the page routes approvals with the extension\'s router');
    const forbidden = inputs.filter((input) => /^node:|vscode-jsonrpc|extension\/app-server\/(?!app-server-client|server-request-slot)|extension\/review\/(?!approval-router|approval-decisions)/.test(input));
    assert.deepEqual(forbidden, []);
    assert.equal(inputs.includes('extension/app-server/app-server-client.ts'), false, 'only its types are used');
  });

  it('defines every --vscode-* variable the webview styles use, in light and dark', () => {
    const used = new Set<string>();
    for (const file of readdirSync(STYLES).filter((name) => name.endsWith('.css') && name !== 'web-theme.css')) {
      for (const match of readFileSync(join(STYLES, file), 'utf8').matchAll(/var\((--vscode-[\w-]+)/g)) used.add(match[1]);
    }
    const theme = readFileSync(join(STYLES, 'web-theme.css'), 'utf8');
    const [light, dark] = theme.split('@media (prefers-color-scheme: dark)');
    const fonts = new Set(['--vscode-font-family', '--vscode-font-size', '--vscode-editor-font-family', '--vscode-editor-font-size']);
    assert.deepEqual([...used].filter((name) => !variables(light).has(name)), []);
    assert.deepEqual([...used].filter((name) => !fonts.has(name) && !variables(dark).has(name)), []);
  });
});
