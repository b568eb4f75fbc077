import type { LogEvent } from './record';

export const GROUP = '/aws/containerinsights/eks-work-cluster/application';
export const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

const PODS: Record<string, { pod: string; namespace: string; host: string; image: string }> = {
  'backend-app': { pod: 'backend-app-7d9f8c6b5-x2kqp', namespace: 'eks-work', host: 'ip-10-0-1-23.ap-northeast-2.compute.internal', image: 'backend-app:1.4.2' },
  frontend: { pod: 'frontend-5c6d7e8f9-abcde', namespace: 'eks-work', host: 'ip-10-0-2-45.ap-northeast-2.compute.internal', image: 'frontend:2.0.1' },
  'aws-node': { pod: 'aws-node-8xk2p', namespace: 'kube-system', host: 'ip-10-0-1-23.ap-northeast-2.compute.internal', image: 'amazon-k8s-cni:v1.19.0' },
};

/** A container's line as the Fluentd DaemonSet ships it to Container Insights. */
export function fluentdEvent(offsetMs: number, container: string, log: string, stream: 'stdout' | 'stderr' = 'stdout'): LogEvent {
  const p = PODS[container];
  const timestamp = T0 + offsetMs;
  const message = JSON.stringify({
    log,
    stream,
    time: new Date(timestamp).toISOString(),
    kubernetes: {
      pod_name: p.pod,
      namespace_name: p.namespace,
      pod_id: `${container}-uid`,
      host: p.host,
      container_name: container,
      container_image: p.image,
      labels: { app: container },
    },
  });
  return {
    timestamp,
    ingestionTime: timestamp + 1500,
    message,
    logStream: `${p.host}-application.var.log.containers.${p.pod}_${p.namespace}_${container}.log`,
    logGroup: GROUP,
    ptr: `ptr-${offsetMs / 1000}`,
  };
}

/** Events in time order, ten seconds apart, then one six minutes in. */
export const EVENTS: LogEvent[] = [
  fluentdEvent(0, 'backend-app', 'Health GET API called.'),
  fluentdEvent(10_000, 'backend-app', '[INFO] Health GET API called.'),
  fluentdEvent(20_000, 'backend-app', 'REGION GET ALL API'),
  fluentdEvent(30_000, 'backend-app', 'LOCATION LIST BY REGION ID API'),
  fluentdEvent(40_000, 'backend-app', 'WARN connection pool low'),
  fluentdEvent(50_000, 'backend-app', '[WARN] framework message'),
  fluentdEvent(60_000, 'frontend', 'fetch error: 502', 'stderr'),
  fluentdEvent(70_000, 'frontend', 'GET /api/regions 200 12ms'),
  fluentdEvent(80_000, 'aws-node', 'ipamd error: no free IP'),
  fluentdEvent(90_000, 'frontend', 'GET /api/locations 500 340ms'),
  fluentdEvent(100_000, 'frontend', 'upstream error'),
  fluentdEvent(360_000, 'backend-app', 'Health GET API called.'),
];
