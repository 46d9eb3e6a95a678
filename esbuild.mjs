// Builds the bundles: the extension host (cjs, `vscode` external), the
// standalone App Server program, and the chat app for the browser twice:
// in a VS Code webview (dist/webview.js + .css) and in the web runtime's
// page (dist/web.js + .css, with a theme standing in for VS Code's). The
// browser bundles fail to build if anything pulls in a Node module or
// `vscode`. `--production` minifies without sourcemaps (what ships in the
// .vsix); `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { chmod, readFile } from 'node:fs/promises';

const { version } = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  define: { CODEX_THREADS_VERSION: JSON.stringify(version) },
};

const browserApp = {
  ...common,
  outdir: 'dist',
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  loader: { '.css': 'css' },
};

const builds = [
  {
    ...common,
    entryPoints: ['extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['server/main.ts'],
    outfile: 'dist/server.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // The installed `codex-threads` command starts with the same V8 flag as the extension's launch
    // (extension/app-server/server-launch.ts): a 1 MB young generation, about 10 MB less at peak.
    banner: { js: '#!/usr/bin/env -S node --max-semi-space-size=1' },
    // The proxy agent's `debug` logging would print proxy credentials under DEBUG=*.
    alias: { debug: './server/common/silent-debug.ts' },
  },
  // The chat app, once per host: the VS Code webview and the web runtime's page.
  { ...browserApp, entryPoints: { webview: 'webview/vscode-main.ts' } },
  { ...browserApp, entryPoints: { web: 'webview/web/web-main.ts' } },
];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.error('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  await chmod('dist/server.js', 0o755);
}
