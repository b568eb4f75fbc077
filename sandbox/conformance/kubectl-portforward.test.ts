/**
 * kubectl port-forward against the sandbox's pods/portforward: kubectl 1.32 tunnels SPDY/3.1 in a
 * WebSocket and falls back to a SPDY/3.1 upgrade when the WebSocket is refused. Through the forwarded
 * port, backend-app answers as it does over pods/proxy (sandbox/world/container-system.ts). Expected
 * messages: containerd's dial failure (internal/cri/server/sandbox_portforward_linux.go) wrapped by the
 * kubelet (pkg/kubelet/cri/streaming/portforward/httpstream.go: "error forwarding port %d to pod %s,
 * uid %v: %v") and by client-go (tools/portforward/portforward.go: "an error occurred forwarding %d ->
 * %d: %v", then "lost connection to pod"), and the API server's Forbidden.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { KUBECTL, useTestSandbox, type UserName } from './harness';

const t = useTestSandbox({ scenario: 'default' }, (s) => s.sandbox.world.advance(60_000));

function backendAppPod(): string {
  const pod = t()
    .sandbox.world.store.list('pods', 'eks-work')
    .find((p) => p.metadata.name.startsWith('backend-app-') && !p.metadata.name.startsWith('backend-app-canary-'));
  if (!pod) throw new Error('no backend-app pod');
  return pod.metadata.name;
}

interface Forward {
  /** The local port kubectl picked (":REMOTE" asks it for a free one). */
  port: number;
  child: ChildProcessWithoutNullStreams;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts kubectl port-forward and resolves once it prints "Forwarding from 127.0.0.1:PORT -> REMOTE". */
function portForward(user: UserName, target: string, remote: number, options: { args?: string[]; env?: Record<string, string> } = {}): Promise<Forward> {
  const args = ['--kubeconfig', t().kubeconfigPath, '--context', `sandbox-${user}`, '-n', 'eks-work', 'port-forward', target, `:${remote}`, ...(options.args ?? [])];
  const child = spawn(KUBECTL, args, { env: { ...process.env, KUBECONFIG: '', ...options.env } });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`kubectl port-forward did not start: ${stdout}${stderr}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = new RegExp(`^Forwarding from 127\\.0\\.0\\.1:(\\d+) -> ${remote}$`, 'm').exec(stdout);
      if (ready) {
        clearTimeout(timer);
        resolve({ port: Number(ready[1]), child, stderr: () => stderr, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(stderr), { code, stderr }));
    });
  });
}

async function get(port: number, path: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

async function stop(forward: Forward): Promise<void> {
  forward.child.kill();
  await forward.exited;
}

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl port-forward against the sandbox'), () => {
  it('forwards a local port to backend-app’s pod and carries several requests', async () => {
    const forward = await portForward('admin', `pod/${backendAppPod()}`, 8080);
    try {
      expect(await get(forward.port, '/health')).toEqual({ status: 200, type: 'application/json', body: '{"status":"UP","groups":["liveness","readiness"]}' });
      expect(await get(forward.port, '/api/version')).toEqual({ status: 200, type: 'application/json', body: '{"name":"backend-app","version":"1.4.2"}' });
      expect(await get(forward.port, '/nope')).toEqual({ status: 404, type: 'application/json', body: '{"status":404,"error":"Not Found","path":"/nope"}' });
      // Ten at once: each is its own pair of streams on the one connection.
      const many = await Promise.all(Array.from({ length: 10 }, () => get(forward.port, '/api/orders')));
      expect(new Set(many.map((r) => r.body))).toEqual(new Set(['[{"id":1042,"status":"SHIPPED"},{"id":1043,"status":"PENDING"}]']));
      expect(forward.stderr()).toBe('');
    } finally {
      await stop(forward);
    }
  });

  it('tunnels SPDY in a WebSocket by default, and speaks plain SPDY/3.1 when kubectl is told not to use WebSockets', async () => {
    const pod = backendAppPod();
    const url = `https://127\\.0\\.0\\.1:\\d+/api/v1/namespaces/eks-work/pods/${pod}/portforward`;
    const tunnelled = await portForward('admin', `pod/${pod}`, 8080, { args: ['-v=6'] });
    try {
      expect(await get(tunnelled.port, '/health')).toMatchObject({ status: 200 });
      expect(tunnelled.stderr()).toMatch(new RegExp(`GET ${url} 101 Switching Protocols`));
      expect(tunnelled.stderr()).toMatch(/negotiated protocol: portforward\.k8s\.io/);
    } finally {
      await stop(tunnelled);
    }
    // client-go's environment switch for the PortForwardWebsockets feature.
    const spdy = await portForward('admin', `pod/${pod}`, 8080, { args: ['-v=6'], env: { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' } });
    try {
      expect(await get(spdy.port, '/api/version')).toEqual({ status: 200, type: 'application/json', body: '{"name":"backend-app","version":"1.4.2"}' });
      expect(spdy.stderr()).toMatch(new RegExp(`POST ${url} 101 Switching Protocols`));
      expect(spdy.stderr()).not.toMatch(/portforward {2}in|GET \S+\/portforward/);
    } finally {
      await stop(spdy);
    }
  });

  it('forwards to svc/backend-app-service through one of its pods', async () => {
    const forward = await portForward('admin', 'svc/backend-app-service', 8080);
    try {
      expect(await get(forward.port, '/api/version')).toEqual({ status: 200, type: 'application/json', body: '{"name":"backend-app","version":"1.4.2"}' });
    } finally {
      await stop(forward);
    }
  });

  it('reports a port the container does not listen on as the kubelet does, and kubectl gives up', async () => {
    const forward = await portForward('admin', `pod/${backendAppPod()}`, 9999);
    try {
      await expect(fetch(`http://127.0.0.1:${forward.port}/`)).rejects.toThrow('fetch failed');
      expect(await forward.exited).toBe(1);
      const sandbox = '([0-9a-f]{64})';
      expect(forward.stderr()).toMatch(
        new RegExp(
          `^E\\d{4} [\\d:.]+ +\\d+ portforward\\.go:\\d+\\] "Unhandled Error" err="an error occurred forwarding ${forward.port} -> 9999: ` +
            `error forwarding port 9999 to pod ${sandbox}, uid : failed to execute portforward in network namespace \\\\"/var/run/netns/cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\\\": ` +
            `failed to connect to localhost:9999 inside namespace \\\\"\\1\\\\", IPv4: dial tcp4 127\\.0\\.0\\.1:9999: connect: connection refused ` +
            `IPv6 dial tcp6 \\[::1\\]:9999: connect: connection refused "\\nerror: lost connection to pod\\n$`,
        ),
      );
    } finally {
      await stop(forward);
    }
  });

  it('refuses users without create pods/portforward in the API server’s words', async () => {
    const pod = backendAppPod();
    // oncall may read pods (view) but not forward: the WebSocket GET is refused, then kubectl's SPDY POST, as create.
    await expect(portForward('oncall', `pod/${pod}`, 8080)).rejects.toMatchObject({
      code: 1,
      stderr: `error: error upgrading connection: pods "${pod}" is forbidden: User "oncall" cannot create resource "pods/portforward" in API group "" in the namespace "eks-work"\n`,
    });
    // dev may not even read pods in eks-work: kubectl stops at the pod's GET.
    await expect(portForward('dev', `pod/${pod}`, 8080)).rejects.toMatchObject({
      code: 1,
      stderr: `Error from server (Forbidden): pods "${pod}" is forbidden: User "dev" cannot get resource "pods" in API group "" in the namespace "eks-work"\n`,
    });
  });
});

const python = clients.pythonKubernetes();

describe.skipIf(!python.command)(needing(python, 'the Python client’s portforward() against the sandbox'), () => {
  it('forwards over the kubelet’s WebSocket channels: an answer from backend-app, the kubelet’s error for a closed port', async () => {
    const pod = backendAppPod();
    // As the client's own e2e test reads a forwarded port: a request with Connection: close, then read to the end.
    const script = `import json, sys
from kubernetes import client, config
from kubernetes.stream import portforward
config.load_kube_config(config_file=sys.argv[1], context='sandbox-admin')
v1 = client.CoreV1Api()
def get(port, path):
    pf = portforward(v1.connect_get_namespaced_pod_portforward, sys.argv[2], 'eks-work', ports=str(port))
    sock = pf.socket(port)
    sock.setblocking(True)
    sock.sendall(('GET %s HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' % path).encode())
    data = b''
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    sock.close()
    head, _, body = data.decode().partition('\\r\\n\\r\\n')
    return [head.split('\\r\\n')[0], body, pf.error(port)]
print(json.dumps([get(8080, '/api/version'), get(9999, '/')]))
`;
    const printed = await new Promise<string>((resolve, reject) =>
      execFile(python.command!, ['-c', script, t().kubeconfigPath, pod], { timeout: 30_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))),
    );
    const [ok, refused] = JSON.parse(printed) as [string, string, string | null][];
    expect(ok).toEqual(['HTTP/1.1 200 OK', '{"name":"backend-app","version":"1.4.2"}', null]);
    expect(refused.slice(0, 2)).toEqual(['', '']);
    expect(refused[2]).toMatch(
      /^error forwarding port 9999 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace "\/var\/run\/netns\/cni-[0-9a-f-]{36}": failed to connect to localhost:9999 /,
    );
  });
});
