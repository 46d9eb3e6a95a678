/**
 * 1. Cold start (spawn → `initialize` response read) and shutdown (stdin
 * EOF → process exit), interleaved across contenders. Each contender keeps
 * one state directory for all its starts, as a user's would; one unmeasured
 * start first lets each server set up its home (the official one unpacks
 * its bundled skills there) and brings its binary into the page cache.
 * Each measured start is followed by one in a brand-new state directory
 * (a first launch), reported separately.
 */
import { makeHome, removeHome, type Contender } from './contenders';
import { RpcClient } from './rpc-client';
import { missing, value, describeError, type Results, type RowSpec } from './results';
import { median } from './turns';

const SETTLE_MS = 200;

export const coldStartRow: RowSpec = {
  key: 'coldStart',
  label: 'Cold start: spawn → initialize response (median)',
  unit: 'ms',
  better: 'lower',
  issueFigure: '193 (native 154)',
  target: { text: '≤ 100 ms', met: (ours) => ours <= 100 },
};

export const freshStartRow: RowSpec = {
  key: 'coldStartFresh',
  label: 'Cold start in a new, empty state directory (median)',
  unit: 'ms',
  better: 'lower',
};

export const shutdownRow: RowSpec = {
  key: 'shutdown',
  label: 'Shutdown: stdin EOF → exit, idle after initialize (median)',
  unit: 'ms',
  better: 'lower',
  issueFigure: '11',
};

export async function measureStartup(contenders: Contender[], modelBaseUrl: string, runs: number, results: Results): Promise<void> {
  const homes = new Map(contenders.map((contender) => [contender, makeHome(contender, modelBaseUrl, 'start')]));
  const starts = new Map<Contender, number[]>(contenders.map((contender) => [contender, []]));
  const freshStarts = new Map<Contender, number[]>(contenders.map((contender) => [contender, []]));
  const stops = new Map<Contender, number[]>(contenders.map((contender) => [contender, []]));
  const failures = new Map<Contender, string>();
  try {
    for (let run = -1; run < runs; run++) {
      // Rotate who goes first, so no contender always follows the same one.
      const order = contenders.map((_, index) => contenders[(index + Math.max(run, 0)) % contenders.length]);
      for (const contender of order) {
        if (failures.has(contender)) continue;
        try {
          const { startMs, stopMs } = await startOnce(contender, homes.get(contender)!, modelBaseUrl);
          if (run < 0) continue;
          starts.get(contender)!.push(startMs);
          stops.get(contender)!.push(stopMs);
          const freshHome = makeHome(contender, modelBaseUrl, 'fresh');
          try {
            freshStarts.get(contender)!.push((await startOnce(contender, freshHome, modelBaseUrl)).startMs);
          } finally {
            removeHome(freshHome);
          }
        } catch (error) {
          failures.set(contender, describeError(error));
        }
      }
    }
  } finally {
    for (const home of homes.values()) removeHome(home);
  }
  for (const contender of contenders) {
    const failure = failures.get(contender);
    if (failure) {
      results.set(coldStartRow, contender.id, missing(`failed: ${failure}`));
      results.set(freshStartRow, contender.id, missing(`failed: ${failure}`));
      results.set(shutdownRow, contender.id, missing(`failed: ${failure}`));
      continue;
    }
    const startSamples = starts.get(contender)!;
    const stopSamples = stops.get(contender)!;
    results.set(coldStartRow, contender.id, value(median(startSamples), `n=${startSamples.length}, min ${Math.min(...startSamples).toFixed(0)}`));
    const freshSamples = freshStarts.get(contender)!;
    results.set(freshStartRow, contender.id, value(median(freshSamples), `n=${freshSamples.length}`));
    results.set(shutdownRow, contender.id, value(median(stopSamples), `n=${stopSamples.length}`));
  }
}

async function startOnce(contender: Contender, home: string, modelBaseUrl: string): Promise<{ startMs: number; stopMs: number }> {
  const client = new RpcClient(contender.spec(home, modelBaseUrl));
  try {
    const { readAt } = await client.initialize();
    const startMs = readAt - client.spawnedAt;
    // Let start-up work in the background settle: users quit an idle server.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const shutdown = await client.closeStdin(10_000);
    if (shutdown.killed) throw new Error('did not exit within 10 s of stdin EOF');
    return { startMs, stopMs: shutdown.ms };
  } finally {
    await client.kill();
  }
}
