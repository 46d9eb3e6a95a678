/**
 * The servers under test, behind one shape: prepare a state directory for a
 * model URL, then give the command that starts the server on it. Every
 * contender is driven by the same client script and the same loopback model.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { officialNativeSpec, officialWrapperSpec, writeOfficialConfig } from './official-server';
import { ourNodeFlags, ourServerSpec } from './our-server';
import { RpcClient, type SpawnSpec } from './rpc-client';

export type ContenderId = 'ours' | 'official' | 'native';

export interface Contender {
  id: ContenderId;
  label: string;
  /** Makes the state directory usable with a model at `modelBaseUrl`. */
  prepareHome(home: string, modelBaseUrl: string): void;
  spec(home: string, modelBaseUrl: string): SpawnSpec;
}

export const ours: Contender = {
  id: 'ours',
  // As the extension launches it: the V8 flags it passes are part of what is measured.
  label: `ours (${['node', ...ourNodeFlags(), 'dist/server.js'].join(' ')})`,
  prepareHome: () => {},
  spec: (home, modelBaseUrl) => ourServerSpec(home, modelBaseUrl),
};

export const official: Contender = {
  id: 'official',
  label: 'official (npm wrapper)',
  prepareHome: writeOfficialConfig,
  spec: (home) => officialWrapperSpec(home),
};

export const officialNative: Contender = {
  id: 'native',
  label: 'official native binary',
  prepareHome: writeOfficialConfig,
  spec: (home) => officialNativeSpec(home),
};

/** A fresh temporary state directory, prepared for `contender`. */
export function makeHome(contender: Contender, modelBaseUrl: string, tag: string): string {
  const home = mkdtempSync(join(tmpdir(), `codex-bench-${contender.id}-${tag}-`));
  contender.prepareHome(home, modelBaseUrl);
  return home;
}

export function removeHome(home: string): void {
  rmSync(home, { recursive: true, force: true, maxRetries: 3 });
}

/** Starts `contender` on `home` and completes the handshake. */
export async function startInitialized(contender: Contender, home: string, modelBaseUrl: string): Promise<RpcClient> {
  const client = new RpcClient(contender.spec(home, modelBaseUrl));
  try {
    await client.initialize();
  } catch (error) {
    await client.kill();
    throw error;
  }
  return client;
}

/** Ends a server: stdin EOF, then SIGKILL if it has not exited in time. */
export async function stop(client: RpcClient): Promise<void> {
  await client.closeStdin(10_000);
}
