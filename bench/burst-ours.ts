/**
 * Our side of the burst measurement only, repeated: for quick iterations on
 * peak RSS and throughput without running the official server. Each run is
 * `streamOnce` from the full bench (fresh server, fresh state directory,
 * 200-delta warm-up, then the measured turn), so its figures are the same
 * kind as the table's. Not part of `npm run bench`.
 *
 *   node --import tsx bench/burst-ours.ts                     # 7 runs of 10,000 deltas
 *   node --import tsx bench/burst-ours.ts --runs=5 --paced    # also 2,000 deltas 1 ms apart per run
 *   … --paced --paced-warmups=3                               # the paced turn after 3 more like it (a JIT-warm server)
 *   … --ours=/path/to/checkout                                # another checkout's dist/server.js
 *   … --node-arg=--max-semi-space-size=4                      # extra Node flag for the server (repeatable)
 *   … --without-launch-flags                                  # without the V8 flags the extension passes
 *   … --env=NAME=value                                        # extra environment variable for the server (repeatable)
 */
import { ours, type Contender } from './contenders';
import { streamOnce } from './measure-stream';
import { startTimingModel } from './mock-timing-model';
import { ourNodeFlags, ourServerSpec, useOurServerFrom } from './our-server';
import { RpcClient } from './rpc-client';
import { median, percentile } from './turns';

function option(name: string): string | undefined {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const runs = Math.min(Number(option('runs') ?? 7), 50);
  const checkout = option('ours');
  if (checkout) useOurServerFrom(checkout);
  const extraNodeArgs = process.argv.filter((arg) => arg.startsWith('--node-arg=')).map((arg) => arg.slice('--node-arg='.length));
  const extraEnv = Object.fromEntries(
    process.argv.filter((arg) => arg.startsWith('--env=')).map((arg) => [arg.slice(6, arg.indexOf('=', 6)), arg.slice(arg.indexOf('=', 6) + 1)]),
  );
  const launchFlags = new Set(process.argv.includes('--without-launch-flags') ? ourNodeFlags() : []);
  const contender: Contender = {
    ...ours,
    spec: (home, modelBaseUrl) => {
      const spec = ourServerSpec(home, modelBaseUrl, extraNodeArgs);
      return { ...spec, args: spec.args.filter((arg) => !launchFlags.has(arg)), env: { ...spec.env, ...extraEnv } };
    },
  };
  const shown = contender.spec('/', 'http://127.0.0.1:1/v1');
  process.stdout.write(`server: ${[shown.command, ...shown.args].join(' ')}\n`);
  const paced = process.argv.includes('--paced');
  const model = await startTimingModel();
  const peaks: number[] = [];
  const rates: number[] = [];
  const cpu: number[] = [];
  const latencies: number[] = [];
  let lost = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const burst = await streamOnce(contender, model, 10_000, 0);
      lost += burst.expected - burst.received + (burst.inOrder && burst.textIntact ? 0 : 1);
      peaks.push(burst.peakTreeRssKb / 1024);
      rates.push(burst.deltasPerSec);
      cpu.push(burst.serverCpuMs);
      let line = `run ${run + 1}: peak ${(burst.peakTreeRssKb / 1024).toFixed(1)} MB, ${Math.round(burst.deltasPerSec)} deltas/s, server CPU ${burst.serverCpuMs} ms`;
      if (paced) {
        const slow = await streamOnce(contender, model, 2_000, 1, Math.min(Number(option('paced-warmups') ?? 0), 10));
        lost += slow.expected - slow.received + (slow.inOrder && slow.textIntact ? 0 : 1);
        latencies.push(...slow.latencies);
        line += `; paced p50 ${percentile(slow.latencies, 50).toFixed(3)} ms, p99 ${percentile(slow.latencies, 99).toFixed(3)} ms`;
      }
      process.stdout.write(`${line}\n`);
    }
  } finally {
    await model.close();
  }
  const sorted = [...peaks].sort((a, b) => a - b);
  process.stdout.write(
    `median of ${runs}: peak RSS ${median(peaks).toFixed(1)} MB (min ${sorted[0].toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)}), ` +
      `${Math.round(median(rates))} deltas/s, server CPU ${median(cpu)} ms; deltas lost ${lost}\n`,
  );
  if (paced) {
    process.stdout.write(`paced, ${latencies.length} deltas pooled: p50 ${percentile(latencies, 50).toFixed(3)} ms, p99 ${percentile(latencies, 99).toFixed(3)} ms\n`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    RpcClient.killAll();
    process.exit(1);
  },
);
