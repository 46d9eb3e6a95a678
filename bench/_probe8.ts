// Experiment: parse a 10k-delta SSE stream with the openai SDK vs node:http + a linear parser.
import http from 'node:http';
import OpenAI from 'openai';
import { startTimingModel } from './mock-timing-model';
const mode = process.argv[2];
async function viaSdk(base: string) {
  const client = new OpenAI({ apiKey: 'x', baseURL: base, maxRetries: 0 });
  const stream: any = await client.responses.create({ model: 'm', input: 'x', stream: true } as any);
  let n = 0; for await (const ev of stream) if (ev.type === 'response.output_text.delta') n++;
  return n;
}
function viaHttp(base: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(base + '/responses');
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.setEncoding('utf8');
      let buf = ''; let n = 0; let data: string[] = [];
      res.on('data', (chunk: string) => {
        buf += chunk; let start = 0; let nl: number;
        while ((nl = buf.indexOf('\n', start)) !== -1) {
          const line = buf.slice(start, nl); start = nl + 1;
          if (line === '') { if (data.length) { const ev = JSON.parse(data.join('\n')); if (ev.type === 'response.output_text.delta') n++; data = []; } }
          else if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
        }
        buf = buf.slice(start);
      });
      res.on('end', () => resolve(n)); res.on('error', reject);
    });
    req.on('error', reject); req.end(JSON.stringify({ model: 'm', input: 'x', stream: true }));
  });
}
async function main() {
  const model = await startTimingModel();
  const fn = mode === 'sdk' ? viaSdk : viaHttp;
  model.enqueue(200, 0); await fn(model.baseUrl);
  const cpu0 = process.cpuUsage(); const t0 = performance.now();
  model.enqueue(10000, 0); const n = await fn(model.baseUrl);
  const cpu = process.cpuUsage(cpu0); const ms = performance.now() - t0;
  console.log(mode, 'deltas', n, 'wall', ms.toFixed(0), 'ms cpu', ((cpu.user + cpu.system) / 1000).toFixed(0), 'ms (incl. mock) rss MB', (process.memoryUsage().rss / 1048576).toFixed(0));
  await model.close();
}
main();
