/**
 * 3b and 4b. A long thread: one server runs 200 turns on one thread (each
 * turn a short streamed reply), and the tree's RSS is read after turn 20 and
 * turn 200. Then the server is stopped and restarted on the same state
 * directory, and `thread/resume` of that thread is timed (request written →
 * response read); once per restart, median over restarts.
 */
import { makeHome, removeHome, startInitialized, stop, type Contender } from './contenders';
import type { TimingModel } from './mock-timing-model';
import { treeMemoryKb } from './process-tree';
import { describeError, missing, value, type Results, type RowSpec } from './results';
import { isNotImplemented, median, runTurn, startThread } from './turns';

export const rssAfter20Row: RowSpec = { key: 'rss20', label: 'RSS of the server tree after 20 turns', unit: 'MB', better: 'lower' };
export const rssAfter200Row: RowSpec = { key: 'rss200', label: 'RSS of the server tree after 200 turns', unit: 'MB', better: 'lower' };
export const resumeRow: RowSpec = {
  key: 'resume',
  label: 'thread/resume of a 200-turn thread after a restart (median)',
  unit: 'ms',
  better: 'lower',
  issueFigure: '159',
  target: { text: '≤ 50 ms', met: (ours) => ours <= 50 },
};

const TURNS = 200;
const DELTAS_PER_TURN = 50;
const SETTLE_MS = 300;

export async function measureHistory(contender: Contender, model: TimingModel, restarts: number, results: Results): Promise<void> {
  model.reset();
  const home = makeHome(contender, model.baseUrl, 'history');
  try {
    let threadId: string;
    const client = await startInitialized(contender, home, model.baseUrl);
    try {
      threadId = await startThread(client, home);
      for (let turn = 1; turn <= TURNS; turn++) {
        model.enqueue(DELTAS_PER_TURN, 0);
        await runTurn(client, threadId, `turn ${turn}: say ${DELTAS_PER_TURN} words`);
        if (turn === 20 || turn === TURNS) {
          await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
          const row = turn === 20 ? rssAfter20Row : rssAfter200Row;
          results.set(row, contender.id, value(treeMemoryKb(client.pid).rssKb / 1024));
        }
      }
    } catch (error) {
      results.set(rssAfter200Row, contender.id, missing(`failed: ${describeError(error)}`));
      results.set(resumeRow, contender.id, missing('no 200-turn thread (turns failed)'));
      return;
    } finally {
      await stop(client);
    }

    const times: number[] = [];
    for (let restart = 0; restart < restarts; restart++) {
      const resumed = await startInitialized(contender, home, model.baseUrl);
      try {
        const { message, sentAt, readAt } = await resumed.request('thread/resume', { threadId }, 30_000);
        if (isNotImplemented(message.error, 'thread/resume')) {
          results.set(resumeRow, contender.id, missing('not implemented yet'));
          return;
        }
        if (message.error) throw new Error(JSON.stringify(message.error));
        const turns = message.result?.thread?.turns?.length;
        if (turns !== TURNS) throw new Error(`resumed thread has ${turns} turns, expected ${TURNS}`);
        times.push(readAt - sentAt);
      } finally {
        await stop(resumed);
      }
    }
    results.set(resumeRow, contender.id, value(median(times), `n=${times.length}, min ${Math.min(...times).toFixed(1)}`));
  } catch (error) {
    results.set(resumeRow, contender.id, missing(`failed: ${describeError(error)}`));
  } finally {
    removeHome(home);
  }
}
