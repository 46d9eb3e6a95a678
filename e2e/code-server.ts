/**
 * Starts code-server (VS Code in the browser, with a real Node extension
 * host) isolated in a run folder: its own port, user data, extensions,
 * HOME/XDG/TMPDIR and config, in its own process group so `stop()` takes
 * every helper with it. Recipe and reasons: ../shared/E2E.md §2.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface CodeServerOptions {
  /** The install folder printed by e2e/setup.sh. */
  installDir: string;
  /** The Node code-server was built for (e2e/setup.sh prints it; default: this process's Node). */
  node?: string;
  /**
   * VS Code's smoke-test driver (`--vscode-option enable-smoke-test-driver`,
   * code-server ≥ 4.1xx only): VS Code 1.139 ignores the `payload`
   * dev/test paths (extensionDevelopmentPath, extensionTestsPath) without it.
   * It also hides notification toasts, so only the dev/test runs use it.
   */
  smokeTestDriver?: boolean;
  /** A fresh folder for this run's state. */
  runDir: string;
  /** User settings (settings.json). */
  settings: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host (and our server). */
  env?: Record<string, string>;
  /** A .vsix to install (`--install-extension --force`) into the run's extensions folder before starting. */
  vsix?: string;
}

export interface CodeServer {
  url: string;
  /** code-server's pid = its process group id. */
  pid: number;
  /** The run's extensions folder. */
  extensionsDir: string;
  /** The extension host's own log lines go here too (code-server's stdout/stderr). */
  output(): string;
  stop(): Promise<void>;
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.enableExperiments': false,
  'window.dialogStyle': 'custom',
  'workbench.tips.enabled': false,
  'diffEditor.useInlineViewWhenSpaceIsLimited': false,
  // VS Code ≥ 1.1xx: otherwise a Chat side bar opens and takes focus (unknown, so ignored, on 1.100).
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
};

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const port = await freePort();
  const dirs = ['home', 'tmp', 'user-data/User', 'extensions', 'config', 'data', 'cache'].map((dir) => join(options.runDir, dir));
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  await writeFile(join(options.runDir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  await writeFile(join(options.runDir, 'user-data/User/settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2));
  const entry = join(options.installDir, 'node_modules/code-server/out/node/entry.js');
  const node = options.node ?? process.execPath;
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(options.runDir, 'home'),
    XDG_CONFIG_HOME: join(options.runDir, 'config'),
    XDG_DATA_HOME: join(options.runDir, 'data'),
    XDG_CACHE_HOME: join(options.runDir, 'cache'),
    TMPDIR: join(options.runDir, 'tmp'),
    ...options.env,
  };
  const common = [
    '--config', join(options.runDir, 'config.yaml'),
    '--user-data-dir', join(options.runDir, 'user-data'),
    '--extensions-dir', join(options.runDir, 'extensions'),
  ];
  if (options.vsix) {
    // Bounded: the install is ~1 s; a hang must fail the run, not stall it.
    execFileSync(node, [entry, ...common, '--install-extension', options.vsix, '--force'], { env, timeout: 60_000, stdio: 'pipe' });
  }
  const child = spawn(
    node,
    [
      entry,
      '--config', join(options.runDir, 'config.yaml'),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir', join(options.runDir, 'user-data'),
      '--extensions-dir', join(options.runDir, 'extensions'),
      ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  const server: CodeServer = { url, pid: child.pid!, extensionsDir: join(options.runDir, 'extensions'), output: () => output, stop: () => stopGroup(child) };
  try {
    await waitForHealth(url, child, 30_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${output.slice(-3000)}`);
  }
  return server;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server was not healthy within ${timeoutMs} ms`);
}

/** SIGTERM to the whole process group, SIGKILL after 5 s: its forked helpers must not outlive the run. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)))]);
  clearTimeout(timer);
  signal('SIGKILL');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
