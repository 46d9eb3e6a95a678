/**
 * The official `codex app-server` (@openai/codex, pinned), installed on
 * demand into `bench/.official/` (gitignored; never a project dependency),
 * and pointed at the loopback timing model through a temporary CODEX_HOME
 * whose `config.toml` declares a "mock" provider on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SpawnSpec } from './rpc-client';

export const OFFICIAL_VERSION = '0.169.0';
const PREFIX = resolve(__dirname, '.official');
const PACKAGE_DIR = join(PREFIX, 'node_modules', '@openai', 'codex');
/** The npm wrapper: a Node script that spawns the native binary. */
export const OFFICIAL_WRAPPER = join(PACKAGE_DIR, 'bin', 'codex.js');

const TRIPLES: Record<string, string> = {
  'linux-x64': 'x86_64-unknown-linux-musl',
  'linux-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
};

/** The native binary the wrapper runs (from the optional platform package). */
export function officialNativeBinary(): string {
  const key = `${process.platform}-${process.arch}`;
  const triple = TRIPLES[key];
  if (!triple) throw new Error(`no official codex binary for ${key}`);
  return join(PREFIX, 'node_modules', '@openai', `codex-${key}`, 'vendor', triple, 'bin', 'codex');
}

/** Installs the pinned package unless it is already there. */
export function ensureOfficialInstalled(log: (line: string) => void): void {
  const installedVersion = existsSync(join(PACKAGE_DIR, 'package.json'))
    ? (JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version
    : null;
  if (installedVersion === OFFICIAL_VERSION && existsSync(officialNativeBinary())) return;
  log(`installing @openai/codex@${OFFICIAL_VERSION} into ${PREFIX} …`);
  execFileSync('npm', ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', '--no-save', `@openai/codex@${OFFICIAL_VERSION}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 300_000,
  });
  if (!existsSync(officialNativeBinary())) throw new Error(`install finished but ${officialNativeBinary()} is missing`);
}

/** Writes `config.toml` into `codexHome` for a model served at `modelBaseUrl`. */
export function writeOfficialConfig(codexHome: string, modelBaseUrl: string): void {
  const toml = [
    'model = "mock-model"',
    'model_provider = "mock"',
    'approval_policy = "never"',
    'sandbox_mode = "read-only"',
    '',
    '[model_providers.mock]',
    'name = "Mock (loopback benchmark model)"',
    `base_url = "${modelBaseUrl}"`,
    'wire_api = "responses"',
    'env_key = "MOCK_API_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
    // Loopback only: the curated-plugin sync would `git ls-remote` GitHub.
    '[features]',
    'plugins = false',
    'remote_plugin = false',
    '',
  ].join('\n');
  writeFileSync(join(codexHome, 'config.toml'), toml);
}

function officialEnv(codexHome: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: codexHome,
    CODEX_HOME: codexHome,
    MOCK_API_KEY: 'sk-bench',
    RUST_LOG: process.env.BENCH_RUST_LOG ?? 'warn',
    // Loopback only: no proxy may redirect the model calls.
    NO_PROXY: '127.0.0.1,localhost',
  };
}

/** Through the npm wrapper, as users run it (`codex app-server`). */
export function officialWrapperSpec(codexHome: string): SpawnSpec {
  return { command: process.execPath, args: [OFFICIAL_WRAPPER, 'app-server'], env: officialEnv(codexHome), cwd: codexHome };
}

/** The native binary alone, without the Node wrapper. */
export function officialNativeSpec(codexHome: string): SpawnSpec {
  return { command: officialNativeBinary(), args: ['app-server'], env: officialEnv(codexHome), cwd: codexHome };
}
