/**
 * 4a. `thread/list` first page (`limit: 25`, default sort) on a restarted
 * server: at 200 stored threads made by real turns, then at 10,000 after
 * `seed-threads.ts` copied those 200 in the server's own format. Reported:
 * the first call after the restart (it may load an index) and the median
 * of the next calls. A paging pass then counts every listed thread, to show
 * that the seeded threads are really there.
 */
import { makeHome, removeHome, startInitialized, stop, type Contender } from './contenders';
import type { TimingModel } from './mock-timing-model';
import type { RpcClient } from './rpc-client';
import { describeError, missing, value, type Results, type RowSpec } from './results';
import { cloneThreads } from './seed-threads';
import { isNotImplemented, median, runTurn, startThread } from './turns';

export const listRows = {
  warm200: {
    key: 'list200',
    label: 'thread/list first page, 200 threads (median of warm calls)',
    unit: 'ms',
    better: 'lower',
    issueFigure: '19',
  },
  cold200: { key: 'list200cold', label: 'thread/list first page, 200 threads, first call after restart', unit: 'ms', better: 'lower' },
  warm10k: {
    key: 'list10k',
    label: 'thread/list first page, 10,000 threads (median of warm calls)',
    unit: 'ms',
    better: 'lower',
    target: { text: '≤ 20 ms', met: (ours) => ours <= 20 },
  },
  cold10k: {
    key: 'list10kcold',
    label: 'thread/list first page, 10,000 threads, first call after restart',
    unit: 'ms',
    better: 'lower',
    target: { text: '≤ 20 ms', met: (ours) => ours <= 20 },
  },
} satisfies Record<string, RowSpec>;

const REAL_THREADS = 200;
const SEEDED_TOTAL = 10_000;
const PAGE = 25;

export async function measureThreadList(contender: Contender, model: TimingModel, warmCalls: number, results: Results): Promise<void> {
  model.reset();
  const home = makeHome(contender, model.baseUrl, 'list');
  try {
    const ids: string[] = [];
    const client = await startInitialized(contender, home, model.baseUrl);
    try {
      const probe = await client.request('thread/list', { limit: PAGE });
      if (isNotImplemented(probe.message.error, 'thread/list')) {
        for (const row of Object.values(listRows)) results.set(row, contender.id, missing('not implemented yet'));
        return;
      }
      for (let index = 0; index < REAL_THREADS; index++) {
        const threadId = await startThread(client, home);
        await runTurn(client, threadId, `thread ${index}: hello`);
        ids.push(threadId);
      }
    } finally {
      await stop(client);
    }
    await listOnRestart(contender, home, model, warmCalls, REAL_THREADS, listRows.cold200, listRows.warm200, results);

    const started = performance.now();
    const outcome = cloneThreads(home, ids, SEEDED_TOTAL - REAL_THREADS);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    results.note(
      `${contender.id}: seeded ${outcome.clones.size} threads in ${seconds} s (${outcome.perThreadFilesWritten} files copied, ` +
        `${outcome.indexLinesAppended} index lines appended${outcome.skippedFiles.length ? `; left as is: ${outcome.skippedFiles.join(', ')}` : ''})`,
    );
    await listOnRestart(contender, home, model, warmCalls, SEEDED_TOTAL, listRows.cold10k, listRows.warm10k, results);
  } catch (error) {
    for (const row of Object.values(listRows)) {
      results.set(row, contender.id, missing(`failed: ${describeError(error)}`));
    }
  } finally {
    removeHome(home);
  }
}

async function listOnRestart(
  contender: Contender,
  home: string,
  model: TimingModel,
  warmCalls: number,
  expectedTotal: number,
  coldRow: RowSpec,
  warmRow: RowSpec,
  results: Results,
): Promise<void> {
  const spawnedAt = performance.now();
  const client = await startInitialized(contender, home, model.baseUrl);
  const startMs = performance.now() - spawnedAt;
  try {
    const times: number[] = [];
    for (let call = 0; call <= warmCalls; call++) {
      const { message, sentAt, readAt } = await client.request('thread/list', { limit: PAGE }, 120_000);
      if (message.error) throw new Error(`thread/list: ${JSON.stringify(message.error)}`);
      if (message.result.data.length !== PAGE) throw new Error(`thread/list returned ${message.result.data.length} threads, expected ${PAGE}`);
      times.push(readAt - sentAt);
    }
    const total = await countListed(client);
    const counted = `${total} listed; start-up took ${startMs.toFixed(0)} ms`;
    if (total < expectedTotal * 0.99) throw new Error(`only ${total} of ${expectedTotal} threads listed`);
    results.set(coldRow, contender.id, value(times[0], counted));
    results.set(warmRow, contender.id, value(median(times.slice(1)), `n=${times.length - 1}, ${total} listed`));
  } finally {
    await stop(client);
  }
}

/** Pages through the whole list (bounded) and counts the threads. */
async function countListed(client: RpcClient): Promise<number> {
  let cursor: string | null = null;
  let total = 0;
  for (let page = 0; page < 1000; page++) {
    const result: { data: unknown[]; nextCursor: string | null } = await client.call('thread/list', { limit: 100, cursor }, 120_000);
    total += result.data.length;
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return total;
}
