/**
 * `npm run sandbox`: the sandbox cluster alone, until Ctrl-C.
 *
 *   npm run sandbox -- [--seed N] [--speed X] [--scale NODES:PODS] [--port N] [--aws-port N]
 *                      [--scenario default|empty] [--dir .sandbox] [--insecure]
 *                      [--authentication-config FILE] [--faults] [--watch-window SECONDS]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { bannerCommands } from './banner';
import { startSandbox, type SandboxOptions } from './index';
import { jwtFromAuthenticationConfiguration } from './kube/auth/jwt-config';

function fail(message: string): never {
  console.error(`sandbox: ${message}`);
  process.exit(2);
}

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) fail(`--${flag} must be a non-negative number, not "${value}"`);
  return n;
}

function parseScale(value: string | undefined): SandboxOptions['scale'] {
  if (value === undefined) return undefined;
  const m = /^(\d+):(\d+)$/.exec(value);
  if (!m) fail(`--scale takes NODES:PODS, e.g. 5000:150000, not "${value}"`);
  return { nodes: Number(m[1]), pods: Number(m[2]) };
}

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    speed: { type: 'string' },
    scale: { type: 'string' },
    port: { type: 'string' },
    'aws-port': { type: 'string' },
    scenario: { type: 'string' },
    dir: { type: 'string', default: '.sandbox' },
    insecure: { type: 'boolean', default: false },
    'authentication-config': { type: 'string' },
    faults: { type: 'boolean', default: false },
    'watch-window': { type: 'string' },
  },
});

if (values.scenario !== undefined && values.scenario !== 'default' && values.scenario !== 'empty') {
  fail(`--scenario is "default" or "empty", not "${values.scenario}"`);
}

/** kube-apiserver's --authentication-config: its jwt list configures the API server's JWT authenticators. */
function authenticationConfig(file: string | undefined): SandboxOptions['jwt'] {
  if (file === undefined) return undefined;
  try {
    return jwtFromAuthenticationConfiguration(parseYaml(readFileSync(file, 'utf8')));
  } catch (err) {
    fail(`--authentication-config ${file}: ${(err as Error).message}`);
  }
}

const sandbox = await startSandbox({
  seed: number('seed', values.seed),
  speed: number('speed', values.speed),
  scale: parseScale(values.scale),
  port: number('port', values.port),
  awsPort: number('aws-port', values['aws-port']),
  scenario: values.scenario as SandboxOptions['scenario'],
  dir: resolve(values.dir!),
  insecure: values.insecure,
  jwt: authenticationConfig(values['authentication-config']),
  faults: values.faults,
  watchWindowSeconds: number('watch-window', values['watch-window']),
});

const kubeconfig = sandbox.files!.kubeconfig;
console.log(`Sandbox cluster eks-work-cluster is up at ${sandbox.url}`);
console.log(`kubeconfig: ${kubeconfig}`);
console.log(`AWS endpoint (CloudWatch Logs, CloudWatch): ${sandbox.aws.url}, region ${sandbox.aws.region}; \`source ${sandbox.files!.env}\` sets it for the AWS CLI and SDKs`);
if (sandbox.faults) {
  console.log(
    `Fault proxies: API server ${sandbox.faults.apiServer.url}, AWS ${sandbox.faults.aws.url} (console.kubeconfig goes through them); control ${sandbox.faults.control.url}/faults, written to faults.json`,
  );
}
console.log('');
for (const c of bannerCommands(sandbox.world.store, sandbox.users)) console.log(`  kubectl --kubeconfig ${kubeconfig} --context sandbox-${c.user} ${c.args.join(' ')}`);
console.log('');
console.log('Users (tokens change at every start):');
for (const u of sandbox.users) console.log(`  ${u.username.padEnd(7)} ${u.description}`);
console.log(`Tokens: ${sandbox.files!.users}`);
console.log('Ctrl-C stops it.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void sandbox.close().then(() => process.exit(0));
  });
}
