/**
 * Samples a process tree's RSS every few milliseconds on a worker thread,
 * so that the /proc reads never stall the bench's main event loop (which is
 * also the mock model and the client whose timings we measure).
 */
import { Worker } from 'node:worker_threads';
import { treeMemoryKb } from './process-tree';

export interface RssSampling {
  /** Stops sampling; resolves with the peak tree RSS (kB) and sample count. */
  stop(): Promise<{ peakKb: number; samples: number }>;
}

export function sampleTreeRss(rootPid: number, intervalMs = 5): RssSampling {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    // tsx (esbuild keepNames) may wrap inner functions in __name().
    const __name = (target) => target;
    const treeMemoryKb = ${treeMemoryKb.toString()};
    let peakKb = 0, samples = 0, stopped = false;
    const tick = () => {
      if (stopped) return;
      const { rssKb } = treeMemoryKb(workerData.rootPid);
      samples += 1;
      if (rssKb > peakKb) peakKb = rssKb;
      setTimeout(tick, workerData.intervalMs);
    };
    parentPort.on('message', () => {
      stopped = true;
      parentPort.postMessage({ peakKb, samples });
    });
    tick();
  `;
  const worker = new Worker(source, { eval: true, workerData: { rootPid, intervalMs } });
  let failure: Error | null = null;
  worker.on('error', (error) => (failure = error));
  return {
    stop() {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const timer = setTimeout(() => reject(new Error('rss sampler did not answer')), 5000);
        worker.once('message', (result: { peakKb: number; samples: number }) => {
          clearTimeout(timer);
          void worker.terminate();
          resolve(result);
        });
        worker.postMessage('stop');
      });
    },
  };
}
