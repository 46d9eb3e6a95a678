import { startTimingModel } from './mock-timing-model';
import { ours, official, officialNative } from './contenders';
import { streamOnce } from './measure-stream';
import { median, percentile } from './turns';
async function main() {
  const model = await startTimingModel();
  for (const c of [ours, official, officialNative]) {
    const b = await streamOnce(c, model, 10000, 0);
    console.log(c.id, 'burst', { ...b, latencies: undefined, rate: b.deltasPerSec.toFixed(0), peakMB: (b.peakTreeRssKb/1024).toFixed(1), hwmMB: (b.treeHwmKb/1024).toFixed(1) });
  }
  if (process.argv[2] !== "paced") return model.close();
  for (const c of [ours, official]) {
    const p = await streamOnce(c, model, 2000, 1);
    console.log(c.id, 'paced', p.received, p.inOrder, p.textIntact, 'p50', percentile(p.latencies, 50).toFixed(3), 'p99', percentile(p.latencies, 99).toFixed(3), 'span', p.spanMs.toFixed(0));
  }
  await model.close();
}
main();
