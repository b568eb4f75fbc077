import 'server-only';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry and the console's request metrics. Held on globalThis: Next
 * bundles instrumentation.ts and each route apart, and every one of them must count into the
 * registry the metrics listener serves.
 */
export interface ConsoleMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
  kubeRequests: Counter<'cluster' | 'verb' | 'resource' | 'code'>;
  kubeDuration: Histogram<'cluster' | 'verb' | 'resource'>;
  awsRequests: Counter<'service' | 'operation' | 'code'>;
  awsDuration: Histogram<'service' | 'operation'>;
  kubeConnections: Counter<'cluster'>;
  auditWriteFailures: Counter<'cluster'>;
}

/** A counter of calls by outcome and a histogram of their durations, over the same labels: `<stem>s_total` and `<stem>_duration_seconds`. */
function callMetrics<L extends string, C extends string>(registry: Registry, stem: string, labelNames: L[], outcome: C, help: { count: string; duration: string }) {
  const registers = [registry];
  return {
    count: new Counter<L | C>({ name: `${stem}s_total`, help: help.count, labelNames: [...labelNames, outcome], registers }),
    duration: new Histogram<L>({ name: `${stem}_duration_seconds`, help: help.duration, labelNames, registers }),
  };
}

function createMetrics(): ConsoleMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = callMetrics(registry, 'watchdeck_http_request', ['route', 'method'], 'status', {
    count: 'Console API requests answered, by route pattern, method and HTTP status.',
    duration: 'Time to answer a console API request (to the first byte for streams), by route pattern and method.',
  });
  const kube = callMetrics(registry, 'watchdeck_kube_request', ['cluster', 'verb', 'resource'], 'code', {
    count: 'Requests to the Kubernetes API servers, by cluster, verb, resource and HTTP status ("error" when no answer came).',
    duration: 'Time for the API server to answer (the response head for watches and followed logs), by cluster, verb and resource.',
  });
  const aws = callMetrics(registry, 'watchdeck_aws_request', ['service', 'operation'], 'code', {
    count: 'AWS SDK operations, retries included, by service, operation and HTTP status ("error" when no answer came).',
    duration: 'Time an AWS SDK operation took, retries included, by service and operation.',
  });
  const kubeConnections = new Counter({
    name: 'watchdeck_kube_connections_opened_total',
    help: 'Connections (TCP, and TLS over it) opened to the Kubernetes API servers, by cluster; kept alive and reused across requests, so it grows far slower than requests.',
    labelNames: ['cluster'],
    registers: [registry],
  });
  const auditWriteFailures = new Counter({
    name: 'watchdeck_audit_write_failures_total',
    help: 'Writes to a cluster whose audit trail entry the store refused, by cluster; the write itself went through.',
    labelNames: ['cluster'],
    registers: [registry],
  });
  return {
    registry,
    kubeConnections,
    auditWriteFailures,
    httpRequests: http.count,
    httpDuration: http.duration,
    kubeRequests: kube.count,
    kubeDuration: kube.duration,
    awsRequests: aws.count,
    awsDuration: aws.duration,
  };
}

const holder = globalThis as unknown as { __watchdeckMetrics?: ConsoleMetrics };

export function consoleMetrics(): ConsoleMetrics {
  holder.__watchdeckMetrics ??= createMetrics();
  return holder.__watchdeckMetrics;
}

/** Starts timing a call; the function it returns counts it with its outcome. */
function timer<L extends string, C extends string>(counter: Counter<L | C>, histogram: Histogram<L>, labels: Record<L, string>, outcome: C): (value: string) => void {
  const started = performance.now();
  let done = false;
  return (value) => {
    if (done) return;
    done = true;
    histogram.observe(labels, (performance.now() - started) / 1000);
    counter.inc({ ...labels, [outcome]: value } as Record<L | C, string>);
  };
}

/** Times one console API request; call the result with its HTTP status. */
export function httpRequestTimer(route: string, method: string): (status: number) => void {
  const m = consoleMetrics();
  const done = timer(m.httpRequests, m.httpDuration, { route, method }, 'status');
  return (status) => done(String(status));
}

/** Times one request to an API server; call the result with its HTTP status, or "error". */
export function kubeRequestTimer(cluster: string, verb: string, resource: string): (code: number | 'error') => void {
  const m = consoleMetrics();
  const done = timer(m.kubeRequests, m.kubeDuration, { cluster, verb, resource }, 'code');
  return (code) => done(String(code));
}

/** Counts one connection opened to an API server. */
export function countKubeConnection(cluster: string): void {
  consoleMetrics().kubeConnections.inc({ cluster });
}

/** Times one AWS SDK operation; call the result with its HTTP status, or "error". */
export function awsRequestTimer(service: string, operation: string): (code: number | 'error') => void {
  const m = consoleMetrics();
  const done = timer(m.awsRequests, m.awsDuration, { service, operation }, 'code');
  return (code) => done(String(code));
}

/** Counts one audit trail entry the store did not keep. */
export function countAuditWriteFailure(cluster: string): void {
  consoleMetrics().auditWriteFailures.inc({ cluster });
}
