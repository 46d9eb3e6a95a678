/**
 * `npm run bench`: ours and the official `codex app-server` side by side,
 * interleaved in one run, driven by the same loopback model and client
 * script. Prints the table and rewrites the generated block of
 * BENCHMARKS.md. Not part of `npm test`.
 *
 *   npm run bench                      # everything (a few minutes)
 *   npm run bench -- --quick           # fewer repetitions, for a smoke run
 *   npm run bench -- --only=startup,stream,history,list,webview   # prints only
 *   npm run bench -- --write           # record in BENCHMARKS.md even if a measurement failed
 *   npm run bench -- --ours=/tmp/clone # benchmark another checkout's dist/server.js (build it there first)
 *
 * Everything stays on 127.0.0.1; every wait is bounded, and a watchdog ends
 * the run (killing every server it started) if it takes far too long.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { official, officialNative, ours, type Contender } from './contenders';
import { measureHistory, resumeRow, rssAfter200Row, rssAfter20Row } from './measure-history';
import { coldStartRow, freshStartRow, measureStartup, shutdownRow } from './measure-startup';
import { measureStreaming, streamRows } from './measure-stream';
import { listRows, measureThreadList } from './measure-thread-list';
import { measureWebviewRender, webviewRows } from './measure-webview-render';
import { startTimingModel } from './mock-timing-model';
import { ensureOfficialInstalled, OFFICIAL_VERSION } from './official-server';
import { ourCheckout, ourServerJs, useOurServerFrom } from './our-server';
import { BENCHMARKS_HEADER, describeOurSource, renderBlock, renderTable, writeBenchmarksFile } from './report';
import { Results } from './results';
import { RpcClient } from './rpc-client';

const PHASES = ['startup', 'stream', 'history', 'list', 'webview'] as const;
type Phase = (typeof PHASES)[number];
const WATCHDOG_MS = 45 * 60_000;

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
  const unknown = only?.filter((phase) => !(PHASES as readonly string[]).includes(phase));
  if (unknown?.length) throw new Error(`unknown phase(s): ${unknown.join(', ')} (phases: ${PHASES.join(', ')})`);
  return {
    quick,
    phases: new Set<Phase>((only as Phase[] | undefined) ?? PHASES),
    write: argv.includes('--write') || (!argv.includes('--no-write') && !quick && !only),
    forceWrite: argv.includes('--write'),
    oursCheckout: argv.find((arg) => arg.startsWith('--ours='))?.slice('--ours='.length),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const startedAt = Date.now();
  if (args.oursCheckout) useOurServerFrom(args.oursCheckout);
  if (!existsSync(ourServerJs())) throw new Error(`${ourServerJs()} is missing: run \`npm run build\` in ${ourCheckout()} first`);
  // The webview phase runs no server: `--only=webview` needs no official install.
  if ([...args.phases].some((phase) => phase !== 'webview')) ensureOfficialInstalled(progress);

  const contenders: Contender[] = [ours, official, officialNative];
  const sideBySide: Contender[] = [ours, official];
  const results = new Results();
  results.declare(
    coldStartRow,
    freshStartRow,
    shutdownRow,
    streamRows.throughput,
    streamRows.serverCpu,
    streamRows.peakRss,
    streamRows.lost,
    streamRows.p50,
    streamRows.p99,
    rssAfter20Row,
    rssAfter200Row,
    resumeRow,
    listRows.cold200,
    listRows.warm200,
    listRows.cold10k,
    listRows.warm10k,
    ...Object.values(webviewRows),
  );
  const model = await startTimingModel();
  const plan = args.quick
    ? { startRuns: 3, burstRuns: 1, pacedRuns: 1, restarts: 1, warmCalls: 3, webviewRuns: 3 }
    : { startRuns: 10, burstRuns: 5, pacedRuns: 3, restarts: 5, warmCalls: 10, webviewRuns: 7 };
  const loadAtStart = loadAverage();
  const ourSource = describeOurSource(ourCheckout());
  try {
    if (args.phases.has('startup')) {
      progress('1. cold start and shutdown …');
      await measureStartup(contenders, model.baseUrl, plan.startRuns, results);
    }
    if (args.phases.has('stream')) {
      progress('2-3. streaming: burst and paced …');
      const streamPlan = { burstDeltas: 10_000, burstRuns: plan.burstRuns, pacedDeltas: 2_000, pacedRuns: plan.pacedRuns, pacedIntervalMs: 1 };
      await measureStreaming(contenders, sideBySide, model, streamPlan, results, progress);
    }
    if (args.phases.has('history')) {
      for (const contender of sideBySide) {
        progress(`3-4. ${contender.id}: 200 turns on one thread, RSS, resume after restart …`);
        await measureHistory(contender, model, plan.restarts, results);
      }
    }
    if (args.phases.has('list')) {
      for (const contender of sideBySide) {
        progress(`4. ${contender.id}: thread/list at 200 real and 10,000 seeded threads …`);
        await measureThreadList(contender, model, plan.warmCalls, results);
      }
    }
    if (args.phases.has('webview')) {
      progress('5. webview: a 5,000-item thread rendered in Chromium …');
      await measureWebviewRender(plan.webviewRuns, results, progress);
    }
  } finally {
    await model.close();
  }

  results.note(
    `Load average (1/5/15 min) at start: ${loadAtStart}; at end: ${loadAverage()}. ` +
      'Other work on this machine during the run (if any) adds noise to both columns alike: runs are interleaved.',
  );
  const durationSeconds = (Date.now() - startedAt) / 1000;
  const shown = contenders.filter((contender) => results.filled().some((row) => row.cells[contender.id]));
  process.stdout.write(`\n${renderTable(results, shown)}\n\n`);
  for (const note of results.notes) process.stdout.write(`- ${note}\n`);
  process.stdout.write(`\nbench took ${durationSeconds.toFixed(0)} s\n`);
  const failures = results.failures();
  if (args.write && failures.length > 0 && !args.forceWrite) {
    progress(`BENCHMARKS.md left unchanged: ${failures.length} measurement(s) failed (pass --write to record them anyway):`);
    for (const failure of failures.slice(0, 5)) progress(`  ${failure}`);
    process.exitCode = 1;
  } else if (args.write) {
    const block = renderBlock(results, shown, {
      date: new Date(),
      command: invocation(),
      durationSeconds,
      officialVersion: OFFICIAL_VERSION,
      ourVersion: JSON.parse(readFileSync(resolve(ourCheckout(), 'package.json'), 'utf8')).version,
      ourSource,
      settings:
        `Repetitions: cold start ${plan.startRuns} (+1 unmeasured), burst ${plan.burstRuns}, paced ${plan.pacedRuns}, ` +
        `resume ${plan.restarts} restarts, thread/list ${plan.warmCalls} warm calls, webview ${plan.webviewRuns} page loads (+1 unmeasured).`,
    });
    writeBenchmarksFile(resolve(__dirname, '..', 'BENCHMARKS.md'), block, BENCHMARKS_HEADER);
    progress('wrote BENCHMARKS.md');
  }
}

/** The command line as the user typed it (through npm or not). */
function invocation(): string {
  const args = process.argv.slice(2).join(' ');
  if (process.env.npm_lifecycle_event === 'bench') return `npm run bench${args ? ` -- ${args}` : ''}`;
  return `node --import tsx bench/run.ts${args ? ` ${args}` : ''}`;
}

function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: watchdog: still running after ${WATCHDOG_MS / 60_000} min; killing servers\n`);
  RpcClient.killAll();
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    RpcClient.killAll();
    process.exit(130);
  });
}
process.on('exit', () => RpcClient.killAll());

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error)?.stack ?? error}\n`);
    RpcClient.killAll();
    process.exit(1);
  },
);
