import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVICE_PREFIX: Record<string, string> = { 'client-cloudwatch': 'cloudwatch', 'client-cloudwatch-logs': 'logs' };

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** `service:Action` for every AWS SDK command the console's server code imports to send. */
function actionsCalled(): string[] {
  const actions = new Set<string>();
  for (const file of [...sources(path.join(root, 'server')), ...sources(path.join(root, 'app'))]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-cloudwatch(?:-logs)?)'/g)) {
      for (const name of m[1].split(',').map((n) => n.trim())) {
        const command = /^([A-Z]\w+)Command$/.exec(name);
        if (command) actions.add(`${SERVICE_PREFIX[m[2]]}:${command[1]}`);
      }
    }
  }
  return [...actions].sort();
}

describe('the IAM policy in deploy/aws', () => {
  it('allows exactly the CloudWatch and CloudWatch Logs actions the server sends, no more', () => {
    const policy = JSON.parse(fs.readFileSync(path.join(root, 'deploy', 'aws', 'watchdeck-iam-policy.json'), 'utf8'));
    const allowed = policy.Statement.flatMap((s: { Effect: string; Action: string[] }) => (s.Effect === 'Allow' ? s.Action : [])).sort();
    expect(allowed).toEqual(actionsCalled());
    expect(allowed).toHaveLength(22);
  });

  it('is the policy docs/deploy.md shows', () => {
    const policy = fs.readFileSync(path.join(root, 'deploy', 'aws', 'watchdeck-iam-policy.json'), 'utf8');
    const docs = fs.readFileSync(path.join(root, 'docs', 'deploy.md'), 'utf8');
    expect(docs).toContain(`\`\`\`json\n${policy}\`\`\``);
  });
});
