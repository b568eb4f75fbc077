/**
 * HTTP/2 or HTTP/1.1 keep-alive to the API server? One TLS server offering both by ALPN (as
 * kube-apiserver does), behind bench/latency-proxy.ts's proxy, asked in the pages' call patterns
 * (their requests, chain by chain, as bench/latency-proxy.ts counts them) by node:https with a
 * kept-alive agent and by node:http2 with one session; each on a warm pool (connections from the
 * run before, as a console that is in use has them) and on a cold one (the first page after an idle
 * timeout or a start). Every answer is a JSON body of BODY_BYTES, about a namespace's pod list.
 * One warm-up and RUNS timed runs each, taking turns; every sample and the median are printed.
 *
 *   npx tsx --conditions=react-server bench/http2-keepalive.ts [delays=25,50] [runs=7]
 */
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createTlsCredentials } from '../sandbox/kube/tls';
import { median, startLatencyProxy } from './latency-proxy';

const DELAYS = (process.argv[2] ?? '25,50').split(',').map(Number);
const RUNS = Number(process.argv[3] ?? 7);
const BODY_BYTES = 60_000;

/** Requests per link of the longest chain: the overview's four at once, a pod's page, a Pending pod's page, an access check. */
const PATTERNS: { name: string; widths: number[] }[] = [
  { name: 'pod list (1)', widths: [1] },
  { name: 'overview (4)', widths: [4] },
  { name: 'pod page (1, 3, 1)', widths: [1, 3, 1] },
  { name: 'Pending pod page (1, 6, 1)', widths: [1, 6, 1] },
  { name: 'access matrix, 8 at once (1, 8, 8, 8)', widths: [1, 8, 8, 8] },
];

interface Transport {
  get(path: string): Promise<void>;
  close(): void;
}

function http1(origin: string, ca: string): Transport {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 50, ca });
  return {
    get: (path) =>
      new Promise((resolve, reject) => {
        https
          .get(new URL(path, origin), { agent }, (res) => {
            res.resume();
            res.on('end', resolve);
          })
          .on('error', reject);
      }),
    close: () => agent.destroy(),
  };
}

/** Go's HTTP/2 transport (client-go's) receives with 4 MiB windows; node's default 64 KiB would stall parallel answers on flow control. */
const WINDOW = 4 << 20;

function h2(origin: string, ca: string): Transport {
  const session = http2.connect(origin, { ca, settings: { initialWindowSize: WINDOW } });
  session.on('error', () => {});
  session.once('connect', () => session.setLocalWindowSize(WINDOW));
  return {
    get: (path) =>
      new Promise((resolve, reject) => {
        const stream = session.request({ ':path': path });
        stream.on('error', reject);
        stream.resume();
        stream.on('end', resolve);
      }),
    close: () => session.close(),
  };
}

async function pattern(t: Transport, widths: number[]): Promise<number> {
  const started = performance.now();
  for (const [link, width] of widths.entries()) await Promise.all(Array.from({ length: width }, (_, i) => t.get(`/api/v1/namespaces/eks-work/pods?link=${link}&i=${i}`)));
  return performance.now() - started;
}

async function main(): Promise<void> {
  const tls = await createTlsCredentials();
  const body = JSON.stringify({ kind: 'PodList', items: 'x'.repeat(BODY_BYTES) });
  const handler = (_req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
  };
  const server = http2.createSecureServer({ cert: tls.certPem, key: tls.keyPem, allowHTTP1: true }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy = await startLatencyProxy({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
  const origin = `https://127.0.0.1:${proxy.port}`;
  const makers = { 'HTTP/1.1 keep-alive': http1, 'HTTP/2 one session': h2 };
  try {
    for (const delay of DELAYS) {
      proxy.setDelay(delay);
      console.log(`\nD = ${delay} ms each way (round trip ${2 * delay} ms); ${RUNS} runs after one warm-up`);
      for (const p of PATTERNS) {
        console.log(`  ${p.name}`);
        for (const [name, make] of Object.entries(makers)) {
          const warm = make(origin, tls.caPem);
          await pattern(warm, p.widths);
          const warmMs: number[] = [];
          const coldMs: number[] = [];
          const accepts = { warm: 0, cold: 0 };
          for (let i = 0; i < RUNS; i++) {
            let before = proxy.accepts();
            warmMs.push(await pattern(warm, p.widths));
            accepts.warm += proxy.accepts() - before;
            const cold = make(origin, tls.caPem);
            before = proxy.accepts();
            coldMs.push(await pattern(cold, p.widths));
            accepts.cold += proxy.accepts() - before;
            cold.close();
          }
          warm.close();
          const line = (ms: number[]) => `median ${median(ms).toFixed(1)} ms [${ms.map((v) => v.toFixed(1)).join(', ')}]`;
          console.log(`    ${name.padEnd(20)} warm: ${line(warmMs)}, ${accepts.warm / RUNS} connections a run`);
          console.log(`    ${''.padEnd(20)} cold: ${line(coldMs)}, ${accepts.cold / RUNS} connections a run`);
        }
      }
    }
  } finally {
    await proxy.close();
    server.close();
  }
}

await main();
