/**
 * kubectl exec and attach, and the Python client's stream(), against the sandbox's pods/exec and
 * pods/attach: kubectl 1.32 speaks v5.channel.k8s.io over WebSocket and falls back to SPDY when the
 * handshake is refused, so every refusal must read as kube-apiserver's whichever way it arrives.
 * Expected messages: pkg/registry/core/pod/strategy.go (container and host checks), the kubelet's
 * "container not found" relayed by the API server's stream translator as an internal error, containerd's
 * OCI exec failure, and client-go's "command terminated with exit code N".
 */
import { execFile, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { KUBECTL, useTestSandbox } from './harness';

const t = useTestSandbox({ scenario: 'default' }, (s) => s.sandbox.world.advance(60_000));

function podNamed(prefix: string): string {
  const pod = t()
    .sandbox.world.store.list('pods', 'eks-work')
    .find((p) => p.metadata.name.startsWith(prefix) && !p.metadata.name.startsWith(`${prefix}canary`));
  if (!pod) throw new Error(`no pod ${prefix}*`);
  return pod.metadata.name;
}

const admin = (...args: string[]) => t().kubectl('admin', ['-n', 'eks-work', ...args]);

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl exec and attach against the sandbox'), () => {
  it('runs a command in backend-app and returns its output and exit code', async () => {
    const pod = podNamed('backend-app-');
    expect(await admin('exec', pod, '--', 'hostname')).toEqual({ code: 0, stdout: `${pod}\n`, stderr: '' });
    // The container's environment: its env (a Secret's key resolved), and the ConfigMap through envFrom (sandbox/world/scenario.ts).
    expect(await admin('exec', pod, '--', 'sh', '-c', 'echo $DB_USERNAME $SERVER_PORT; echo oops >&2; exit 3')).toEqual({
      code: 3,
      stdout: 'backend 8080\n',
      stderr: 'oops\ncommand terminated with exit code 3\n',
    });
  });

  it('reads a script from stdin with -i and ends with the exit status of the shell', async () => {
    const pod = podNamed('backend-app-');
    const r = await t().kubectl('admin', ['-n', 'eks-work', 'exec', '-i', pod, '--', 'sh'], { input: 'pwd\nls\ncat /etc/hostname\nnosuch\nexit 4\n' });
    // dash names the line of the script it read a missing command on.
    expect(r).toEqual({ code: 4, stdout: `/app\napp.jar  config\n${pod}\n`, stderr: 'sh: 4: nosuch: not found\ncommand terminated with exit code 4\n' });
  });

  it('refuses what kube-apiserver refuses, in its words', async () => {
    const canary = podNamed('backend-app-canary-');
    // The canary crash-loops (sandbox/world/images.ts): between its runs it waits in CrashLoopBackOff, with no running container.
    const world = t().sandbox.world;
    const running = () => (world.store.get('pods', 'eks-work', canary)?.status?.containerStatuses as { state?: { running?: unknown } }[])[0]?.state?.running !== undefined;
    for (let i = 0; i < 120 && running(); i++) world.advance(1_000);
    expect(running()).toBe(false);
    expect(await admin('exec', canary, '--', 'sh')).toEqual({ code: 1, stdout: '', stderr: 'error: Internal error occurred: unable to upgrade connection: container not found ("backend-app")\n' });
    const pending = podNamed('batch-analytics-');
    expect(await admin('exec', pending, '--', 'sh')).toEqual({ code: 1, stdout: '', stderr: `Error from server (BadRequest): pod ${pending} does not have a host assigned\n` });
    const pod = podNamed('backend-app-');
    expect(await admin('exec', pod, '-c', 'sidecar', '--', 'sh')).toEqual({ code: 1, stdout: '', stderr: `Error from server (BadRequest): container sidecar is not valid for pod ${pod}\n` });
    const missing = await admin('exec', pod, '--', 'zsh');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "zsh": executable file not found in \$PATH: unknown\n$/,
    );
    // oncall has the view role, which grants no pods/exec: the WebSocket GET is refused, and kubectl's SPDY retry is refused as create.
    expect(await t().kubectl('oncall', ['-n', 'eks-work', 'exec', pod, '--', 'hostname'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (Forbidden): pods "${pod}" is forbidden: User "oncall" cannot create resource "pods/exec" in API group "" in the namespace "eks-work"\n`,
    });
  });

  it('attaches to backend-app and streams what the container prints while attached', async () => {
    const pod = podNamed('backend-app-');
    const world = t().sandbox.world;
    const child = spawn(KUBECTL, ['--kubeconfig', t().kubeconfigPath, '--context', 'sandbox-admin', '-n', 'eks-work', 'attach', pod], { env: { ...process.env, KUBECONFIG: '' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Attached once the first line arrives; lines printed before are not sent (attach is not logs).
    const since = world.now();
    const deadline = Date.now() + 15_000;
    while (!stdout && Date.now() < deadline) {
      world.advance(1_500);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    child.kill();
    const printed = world.logs.read({ namespace: 'eks-work', pod, container: 'backend-app' }, { sinceTime: since }).map((l) => l.text);
    const received = stdout.trimEnd().split('\n');
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(printed).toEqual(expect.arrayContaining(received));
  });

  it('relays HTTP to a pod port and to a service through pods/proxy and services/proxy, and refuses as the API server does', async () => {
    const pod = podNamed('backend-app-');
    const raw = (user: 'admin' | 'dev', path: string) => t().kubectl(user, ['get', '--raw', path]);
    expect(await raw('admin', `/api/v1/namespaces/eks-work/pods/${pod}:8080/proxy/health`)).toEqual({ code: 0, stdout: '{"status":"UP","groups":["liveness","readiness"]}', stderr: '' });
    expect(await raw('admin', '/api/v1/namespaces/eks-work/services/backend-app-service:http/proxy/api/version')).toEqual({ code: 0, stdout: '{"name":"backend-app","version":"1.4.2"}', stderr: '' });
    const ip = t().sandbox.world.store.get('pods', 'eks-work', pod)!.status!.podIP as string;
    expect(await raw('admin', `/api/v1/namespaces/eks-work/pods/${pod}:9999/proxy/`)).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (ServiceUnavailable): error trying to reach service: dial tcp ${ip}:9999: connect: connection refused\n`,
    });
    expect(await raw('dev', `/api/v1/namespaces/eks-work/pods/${pod}/proxy/health`)).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (Forbidden): pods "${pod}" is forbidden: User "dev" cannot get resource "pods/proxy" in API group "" in the namespace "eks-work"\n`,
    });
  });
});

const python = clients.pythonKubernetes();

describe.skipIf(!python.command)(needing(python, 'the Python client’s stream() against the sandbox'), () => {
  it('runs a command and an interactive shell through connect_get_namespaced_pod_exec', async () => {
    const pod = podNamed('backend-app-');
    const script = `import json, sys, time
from kubernetes import client, config
from kubernetes.stream import stream
config.load_kube_config(config_file=sys.argv[1], context='sandbox-admin')
v1 = client.CoreV1Api()
pod = sys.argv[2]
out = stream(v1.connect_get_namespaced_pod_exec, pod, 'eks-work', command=['sh', '-c', 'echo out; echo err >&2; exit 5'], stderr=True, stdin=False, stdout=True, tty=False, _preload_content=False)
out.run_forever(timeout=10)
one = [out.read_stdout(), out.read_stderr(), out.returncode]
shell = stream(v1.connect_get_namespaced_pod_exec, pod, 'eks-work', command=['sh'], stderr=True, stdin=True, stdout=True, tty=False, _preload_content=False)
shell.write_stdin('whoami\\n')
seen = ''
deadline = time.time() + 10
while 'spring' not in seen and time.time() < deadline:
    shell.update(timeout=1)
    seen += shell.read_stdout(timeout=0)
shell.write_stdin('exit 7\\n')
shell.run_forever(timeout=10)
print(json.dumps(one + [seen, shell.returncode]))
`;
    const printed = await new Promise<string>((resolve, reject) =>
      execFile(python.command!, ['-c', script, t().kubeconfigPath, pod], { timeout: 30_000 }, (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout))),
    );
    expect(JSON.parse(printed)).toEqual(['out\n', 'err\n', 5, 'spring\n', 7]);
  });
});
