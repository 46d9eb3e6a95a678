/**
 * How every headless Chromium of the tests and benchmarks is launched
 * (Debian's chromium through playwright-core, no browser download): the
 * flags from shared/E2E.md §4, which keep it off the closed network, and a
 * throwaway HOME, since it writes crash reports and dconf there.
 */
import { join } from 'node:path';
import type { LaunchOptions } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumLaunchOptions(home: string, executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): LaunchOptions {
  return {
    executablePath,
    headless: true,
    timeout: 30_000,
    args: CHROMIUM_FLAGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
  };
}
