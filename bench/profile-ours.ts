/**
 * Where does our server spend its time? Runs one scenario against ours
 * under `node --cpu-prof` and prints the functions with the most self time
 * (from the .cpuprofile V8 writes at exit). Not part of `npm run bench`.
 *
 *   node --import tsx bench/profile-ours.ts startup   # spawn → initialize → exit
 *   node --import tsx bench/profile-ours.ts burst     # 10,000-delta turn
 *   node --import tsx bench/profile-ours.ts list      # thread/list at 10,000 threads, first call
 *   node --import tsx bench/profile-ours.ts resume    # thread/resume of a 200-turn thread
 *   … --ours=/path/to/checkout                        # profile another checkout's dist/server.js
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ours, makeHome, removeHome, startInitialized, stop } from './contenders';
import { startTimingModel, type TimingModel } from './mock-timing-model';
import { ourServerSpec, useOurServerFrom } from './our-server';
import { RpcClient } from './rpc-client';
import { cloneThreads } from './seed-threads';
import { runTurn, startThread } from './turns';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

async function profiled(home: string, model: TimingModel, body: (client: RpcClient) => Promise<void>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'codex-bench-prof-'));
  const client = new RpcClient(ourServerSpec(home, model.baseUrl, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100']));
  await client.initialize();
  await body(client);
  await client.closeStdin(20_000);
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${dir}`);
  return join(dir, file);
}

function printTop(profilePath: string, count = 30): void {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const frame = byNode.get(id)!.callFrame;
    const where = frame.url ? `${frame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    const micros = profile.timeDeltas[index] ?? 0;
    self.set(key, (self.get(key) ?? 0) + micros);
    total += micros;
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  process.stdout.write(`profile: ${profilePath}\ntotal sampled ${(total / 1000).toFixed(0)} ms\n`);
  for (const [key, micros] of rows) {
    process.stdout.write(`${(micros / 1000).toFixed(1).padStart(8)} ms ${((micros / total) * 100).toFixed(1).padStart(5)}%  ${key}\n`);
  }
}

async function main(): Promise<void> {
  const scenario = process.argv[2] ?? 'burst';
  const checkout = process.argv.find((arg) => arg.startsWith('--ours='))?.slice('--ours='.length);
  if (checkout) useOurServerFrom(checkout);
  const model = await startTimingModel();
  const home = makeHome(ours, model.baseUrl, 'prof');
  try {
    if (scenario === 'startup') {
      printTop(await profiled(home, model, async () => {}));
    } else if (scenario === 'burst') {
      printTop(
        await profiled(home, model, async (client) => {
          const threadId = await startThread(client, home);
          model.enqueue(200, 0);
          await runTurn(client, threadId, 'warm up');
          model.enqueue(10_000, 0);
          await runTurn(client, threadId, 'burst');
        }),
      );
    } else if (scenario === 'list' || scenario === 'resume') {
      const client = await startInitialized(ours, home, model.baseUrl);
      const ids: string[] = [];
      const threads = scenario === 'list' ? 200 : 1;
      const turns = scenario === 'list' ? 1 : 200;
      for (let index = 0; index < threads; index++) {
        const threadId = await startThread(client, home);
        for (let turn = 0; turn < turns; turn++) await runTurn(client, threadId, `hello ${turn}`);
        ids.push(threadId);
      }
      await stop(client);
      if (scenario === 'list') cloneThreads(home, ids, 9_800);
      printTop(
        await profiled(home, model, async (profiledClient) => {
          if (scenario === 'list') await profiledClient.call('thread/list', { limit: 25 }, 60_000);
          else await profiledClient.call('thread/resume', { threadId: ids[0] }, 60_000);
        }),
      );
    } else {
      throw new Error(`unknown scenario ${scenario}: startup, burst, list or resume`);
    }
  } finally {
    removeHome(home);
    await model.close();
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
