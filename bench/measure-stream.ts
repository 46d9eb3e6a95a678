/**
 * 2 and 3a. Streaming: one turn whose model writes N text deltas, either as
 * fast as it can (throughput, and peak RSS of the server's process tree
 * while it streams) or at a fixed pace (per-delta latency: the model's write
 * instant → the client's read instant, one `performance.now()` clock, since
 * both live in this process). Every run starts a fresh server and warms it
 * with one short turn, so the measured turn is not its first.
 */
import { makeHome, removeHome, startInitialized, stop, type Contender } from './contenders';
import { deltaText, type TimingModel } from './mock-timing-model';
import { treeCpuMs, treeMemoryKb } from './process-tree';
import { sampleTreeRss } from './rss-sampler';
import { describeError, missing, value, type Results, type RowSpec } from './results';
import { median, percentile, runTurn, startThread } from './turns';

export interface StreamRun {
  expected: number;
  /** Distinct delta indices the client received. */
  received: number;
  inOrder: boolean;
  /** The completed agentMessage text equals every delta joined. */
  textIntact: boolean;
  /** First delta notification read → last one read. */
  spanMs: number;
  deltasPerSec: number;
  /** Model's first delta written → client's last delta read. */
  endToEndMs: number;
  /** Per delta, in index order (ms). */
  latencies: number[];
  peakTreeRssKb: number;
  /** Sum of each process's own VmHWM at the end of the turn. */
  treeHwmKb: number;
  /** CPU time the server's process tree spent on the measured turn. */
  serverCpuMs: number;
  /** CPU time this bench process (model + client) spent meanwhile. */
  benchCpuMs: number;
}

const WARMUP_DELTAS = 200;
const DELTA_PATTERN = /d(\d+) /g;

/**
 * `extraWarmups` more turns like the measured one run first, on the same
 * server: for ours, V8 optimizes the hot path during the first few thousand
 * paced deltas, and those compilations are what the fresh-server p99 shows.
 */
export async function streamOnce(contender: Contender, model: TimingModel, deltas: number, intervalMs: number, extraWarmups = 0): Promise<StreamRun> {
  model.reset();
  const home = makeHome(contender, model.baseUrl, 'stream');
  const client = await startInitialized(contender, home, model.baseUrl);
  try {
    const threadId = await startThread(client, home);
    model.enqueue(WARMUP_DELTAS, 0);
    await runTurn(client, threadId, 'warm up');
    for (let warmup = 0; warmup < extraWarmups; warmup++) {
      model.enqueue(deltas, intervalMs);
      await runTurn(client, threadId, `warm up ${warmup + 2}`, 120_000);
    }

    const readAt = new Float64Array(deltas).fill(Number.NaN);
    let received = 0;
    let inOrder = true;
    let last = -1;
    let completedText: string | null = null;
    const unsubscribe = client.onNotification((message, at) => {
      const params = message.params;
      if (params?.threadId !== threadId) return;
      if (message.method === 'item/agentMessage/delta') {
        for (const match of (params.delta as string).matchAll(DELTA_PATTERN)) {
          const index = Number(match[1]);
          if (index >= deltas || !Number.isNaN(readAt[index])) continue;
          readAt[index] = at;
          received += 1;
          if (index !== last + 1) inOrder = false;
          last = index;
        }
      } else if (message.method === 'item/completed' && params.item?.type === 'agentMessage') {
        completedText = params.item.text;
      }
    });

    const sampler = sampleTreeRss(client.pid, 5);
    const serverCpuBefore = treeCpuMs(client.pid);
    const benchCpuBefore = process.cpuUsage();
    const reply = model.enqueue(deltas, intervalMs);
    try {
      await runTurn(client, threadId, `stream ${deltas} deltas`, 120_000);
    } finally {
      unsubscribe();
    }
    const serverCpuMs = treeCpuMs(client.pid) - serverCpuBefore;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const { peakKb } = await sampler.stop();
    const { hwmKb } = treeMemoryKb(client.pid);

    let expectedText = '';
    for (let index = 0; index < deltas; index++) expectedText += deltaText(index);
    const reads = Array.from(readAt).filter((at) => !Number.isNaN(at));
    const first = Math.min(...reads);
    const lastRead = Math.max(...reads);
    const spanMs = lastRead - first;
    const latencies: number[] = [];
    for (let index = 0; index < deltas; index++) {
      if (!Number.isNaN(readAt[index]) && reply.writtenAt[index] !== undefined) latencies.push(readAt[index] - reply.writtenAt[index]);
    }
    return {
      expected: deltas,
      received,
      inOrder,
      textIntact: completedText === expectedText,
      spanMs,
      deltasPerSec: spanMs > 0 ? ((received - 1) / spanMs) * 1000 : Number.NaN,
      endToEndMs: lastRead - reply.writtenAt[0],
      latencies,
      peakTreeRssKb: peakKb,
      treeHwmKb: hwmKb,
      serverCpuMs,
      benchCpuMs: (benchCpu.user + benchCpu.system) / 1000,
    };
  } finally {
    await stop(client);
    removeHome(home);
  }
}

export const streamRows = {
  throughput: {
    key: 'burst',
    label: 'Burst: 10,000 deltas as fast as possible, client-side rate first → last delta (median)',
    unit: 'deltas/s',
    better: 'higher',
    issueFigure: '27,500',
    target: { text: '≥ 1.5× official', met: (ours, official) => official !== undefined && ours >= 1.5 * official },
  },
  lost: { key: 'lost', label: 'Deltas lost (missing, reordered or final text wrong), all measured turns', unit: 'count', better: 'lower' },
  serverCpu: { key: 'burstCpu', label: 'Burst: server CPU time (user+sys) for the 10,000-delta turn (median)', unit: 'ms', better: 'lower' },
  p50: {
    key: 'p50',
    label: 'Paced: 2,000 deltas 1 ms apart, latency model write → client read, p50',
    unit: 'ms',
    better: 'lower',
    issueFigure: '0.15',
    target: { text: '≤ 0.15 ms', met: (ours) => ours <= 0.15 },
  },
  p99: { key: 'p99', label: 'Paced: same, p99', unit: 'ms', better: 'lower' },
  peakRss: {
    key: 'peakRss',
    label: 'Peak RSS of the server process tree during the burst (median)',
    unit: 'MB',
    better: 'lower',
    issueFigure: '192 (native 150)',
    target: { text: '≤ 60 MB', met: (ours) => ours <= 60 },
  },
} satisfies Record<string, RowSpec>;

export interface StreamPlan {
  burstDeltas: number;
  burstRuns: number;
  pacedDeltas: number;
  pacedRuns: number;
  pacedIntervalMs: number;
}

/** Runs bursts for every contender and paced streams for `pacedContenders`, interleaved. */
export async function measureStreaming(
  contenders: Contender[],
  pacedContenders: Contender[],
  model: TimingModel,
  plan: StreamPlan,
  results: Results,
  progress: (line: string) => void,
): Promise<void> {
  const bursts = new Map<Contender, StreamRun[]>(contenders.map((contender) => [contender, []]));
  const paced = new Map<Contender, StreamRun[]>(pacedContenders.map((contender) => [contender, []]));
  const failures = new Map<Contender, string>();
  const attempt = async (contender: Contender, runs: Map<Contender, StreamRun[]>, deltas: number, intervalMs: number) => {
    if (failures.has(contender)) return;
    try {
      const run = await streamOnce(contender, model, deltas, intervalMs);
      runs.get(contender)!.push(run);
      progress(
        `  ${contender.id} ${intervalMs ? 'paced' : 'burst'}: ${run.received}/${run.expected} deltas, ` +
          (intervalMs
            ? `p50 ${percentile(run.latencies, 50).toFixed(3)} ms, p99 ${percentile(run.latencies, 99).toFixed(3)} ms`
            : `${Math.round(run.deltasPerSec)} deltas/s, peak ${(run.peakTreeRssKb / 1024).toFixed(0)} MB, server CPU ${run.serverCpuMs} ms`),
      );
    } catch (error) {
      failures.set(contender, describeError(error));
      progress(`  ${contender.id}: failed: ${describeError(error)}`);
    }
  };
  for (let run = 0; run < Math.max(plan.burstRuns, plan.pacedRuns); run++) {
    const rotate = <T>(list: T[]) => list.map((_, index) => list[(index + run) % list.length]);
    if (run < plan.burstRuns) for (const contender of rotate(contenders)) await attempt(contender, bursts, plan.burstDeltas, 0);
    if (run < plan.pacedRuns) for (const contender of rotate(pacedContenders)) await attempt(contender, paced, plan.pacedDeltas, plan.pacedIntervalMs);
  }

  for (const contender of contenders) {
    const failure = failures.get(contender);
    const burstRuns = bursts.get(contender)!;
    const pacedRuns = paced.get(contender) ?? [];
    const all = [...burstRuns, ...pacedRuns];
    const fail = (row: RowSpec) => results.set(row, contender.id, missing(`failed: ${failure}`));
    if (burstRuns.length === 0) {
      [streamRows.throughput, streamRows.serverCpu, streamRows.peakRss].forEach(fail);
    } else {
      const n = `n=${burstRuns.length}`;
      results.set(streamRows.throughput, contender.id, value(median(burstRuns.map((run) => run.deltasPerSec)), n));
      results.set(streamRows.serverCpu, contender.id, value(median(burstRuns.map((run) => run.serverCpuMs)), n));
      const peaks = burstRuns.map((run) => run.peakTreeRssKb / 1024);
      results.set(streamRows.peakRss, contender.id, value(median(peaks), `${n}, max ${Math.max(...peaks).toFixed(0)}`));
    }
    if (all.length > 0) {
      const lost = all.reduce((sum, run) => sum + (run.expected - run.received) + (run.inOrder && run.textIntact ? 0 : 1), 0);
      const total = all.reduce((sum, run) => sum + run.expected, 0);
      results.set(streamRows.lost, contender.id, value(lost, `of ${total.toLocaleString('en-US')}`));
    }
    if (pacedContenders.includes(contender)) {
      if (pacedRuns.length === 0) {
        [streamRows.p50, streamRows.p99].forEach(fail);
      } else {
        const latencies = pacedRuns.flatMap((run) => run.latencies);
        const n = `${latencies.length.toLocaleString('en-US')} deltas pooled`;
        results.set(streamRows.p50, contender.id, value(percentile(latencies, 50), n));
        results.set(streamRows.p99, contender.id, value(percentile(latencies, 99), n));
      }
    }
  }
}
