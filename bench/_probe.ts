import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTimingModel } from '/work/main/bench/mock-timing-model';
import { RpcClient } from '/work/main/bench/rpc-client';
import { officialNativeSpec, writeOfficialConfig } from '/work/main/bench/official-server';
import { ourServerSpec } from '/work/main/bench/our-server';

async function main() {
  const model = await startTimingModel();
  const which = process.argv[2];
  const home = mkdtempSync(join(tmpdir(), 'probe-'));
  let spec;
  if (which === 'official') { writeOfficialConfig(home, model.baseUrl); spec = officialNativeSpec(home); spec.env.RUST_LOG = 'info'; if (process.env.STRACE) { spec.args = ['-f','-e','trace=connect,sendto,sendmmsg,write', '-s', '200','-o','/tmp/benchprobe/strace.log', spec.command, ...spec.args]; spec.command = 'strace'; } }
  else spec = ourServerSpec(home, model.baseUrl);
  const client = new RpcClient(spec);
  const all: any[] = [];
  client.onNotification((m) => all.push(m));
  const init = await client.initialize();
  console.log('init', (init.readAt - client.spawnedAt).toFixed(1), JSON.stringify(init.result));
  const started = await client.call('thread/start', {});
  console.log('thread', JSON.stringify(started).slice(0, 600));
  const threadId = started.thread.id;
  const reply = model.enqueue(20, 0);
  const done = client.waitForNotification('turn/completed', (p) => p.threadId === threadId, 30000);
  await client.call('turn/start', { threadId, input: [{ type: 'text', text: 'hi' }] });
  const c = await done;
  console.log('completed', JSON.stringify(c).slice(0, 400));
  console.log('notes', JSON.stringify(all.filter(m=>m.method==='configWarning'||m.method==='warning'||m.method==='remoteControl/status/changed')));console.log('methods', all.map((m) => m.method).join(' '));
  console.log('deltas', all.filter((m) => m.method === 'item/agentMessage/delta').map((m) => m.params.delta).join('|'));
  console.log('paths', model.paths);
  const list = await client.request('thread/list', { limit: 25 });
  console.log('list', JSON.stringify(list.message).slice(0, 300));
  const close = await client.closeStdin();
  console.log('close', close);
  require('fs').writeFileSync('/tmp/benchprobe/stderr.log', client.stderr);
  console.log('home', home);
  await model.close();
}
main();
