/**
 * The bench's input: Container Insights (Fluentd) JSON lines from four containers, one every
 * 7 ms from 2026-01-01, each line's text a pure function of its index so every run reads the same.
 */
import { createWriteStream } from 'node:fs';

const T0 = Date.UTC(2026, 0, 1);
const STEP_MS = 7; // 1,000,000 events span about two hours

interface Container {
  name: string;
  namespace: string;
  pod: string;
  host: string;
  image: string;
  lines: (i: number) => string;
}

const hosts = ['ip-10-0-1-23.ap-northeast-2.compute.internal', 'ip-10-0-2-45.ap-northeast-2.compute.internal', 'ip-10-0-3-67.ap-northeast-2.compute.internal'];
const paths = ['/api/regions', '/api/locations', '/api/regions/11/locations', '/health'];
const containers: Container[] = [
  {
    name: 'backend-app',
    namespace: 'eks-work',
    pod: 'backend-app-7d9f8c6b5-x2kqp',
    host: hosts[0],
    image: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/backend-app:1.4.2',
    lines: (i) =>
      i % 50 === 0
        ? `WARN HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=${i % 997}ms)`
        : i % 17 === 0
          ? `[main] INFO  o.s.web.servlet.DispatcherServlet - Completed initialization in ${i % 90} ms`
          : i % 5 === 0
            ? 'Health GET API called.'
            : `${i % 3 === 0 ? 'POST' : 'GET'} ${paths[i % 4]} ${i % 41 === 0 ? 500 : 200} ${(i * 37) % 900}ms`,
  },
  {
    name: 'frontend',
    namespace: 'eks-work',
    pod: 'frontend-5c6d7e8f9-abcde',
    host: hosts[1],
    image: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/frontend:2.0.1',
    lines: (i) => (i % 29 === 0 ? `fetch error: upstream returned ${i % 2 ? 502 : 504}` : `GET ${paths[i % 4]} 200 ${(i * 13) % 300}ms`),
  },
  {
    name: 'aws-node',
    namespace: 'kube-system',
    pod: 'aws-node-8xk2p',
    host: hosts[2],
    image: '602401143452.dkr.ecr.ap-northeast-2.amazonaws.com/amazon-k8s-cni:v1.19.0',
    lines: (i) => (i % 101 === 0 ? '{"level":"error","msg":"ipamd: no free IP addresses"}' : `{"level":"info","ts":"x","caller":"ipamd/ipamd.go:${i % 900}","msg":"Reconciled ENI"}`),
  },
  {
    name: 'coredns',
    namespace: 'kube-system',
    pod: 'coredns-6b9575c64c-7h2lm',
    host: hosts[0],
    image: '602401143452.dkr.ecr.ap-northeast-2.amazonaws.com/eks/coredns:v1.11.4',
    lines: (i) => `[INFO] 10.0.${i % 4}.${i % 250}:${40000 + (i % 20000)} - ${i % 65536} "A IN backend-app.eks-work.svc.cluster.local. udp 62 false 512" NOERROR qr,aa,rd 118 0.000${i % 900}s`,
  },
];

function line(i: number): string {
  const c = containers[(i * 7) % 11 < 5 ? 0 : (i * 7) % 11 < 8 ? 1 : (i * 7) % 11 < 10 ? 2 : 3];
  const t = new Date(T0 + i * STEP_MS).toISOString();
  return JSON.stringify({
    log: c.lines(i),
    stream: i % 13 === 0 ? 'stderr' : 'stdout',
    kubernetes: {
      container_name: c.name,
      namespace_name: c.namespace,
      pod_name: c.pod,
      container_image: c.image,
      pod_id: `0b6e7f2a-${c.name.length}c1d-4e8f-9a2b-3c4d5e6f7a8b`,
      host: c.host,
      labels: { app: c.name, 'pod-template-hash': c.pod.split('-').at(-2) },
    },
    time: t,
  });
}

/** Writes `count` lines to `file`, a megabyte at a time. */
export async function writeEvents(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  let buffer = '';
  for (let i = 0; i < count; i++) {
    buffer += `${line(i)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise<void>((r, reject) => out.end((e?: Error | null) => (e ? reject(e) : r())));
}
