import 'server-only';
import fs from 'node:fs';
import { z } from 'zod';
import { consoleErrors } from '../errors';

const usersFile = z.array(
  z.object({
    name: z.string().min(1),
    username: z.string(),
    groups: z.array(z.string()),
    token: z.string().min(1),
    description: z.string(),
  }),
);

export type SandboxUserEntry = z.infer<typeof usersFile>[number];

/** The sandbox's users file (users.json): read on the server, its tokens never sent to a browser. */
export function readSandboxUsers(file: string): SandboxUserEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw consoleErrors.internal(`cannot read WATCHDECK_SANDBOX_USERS_FILE ${file}: ${(err as Error).message}`);
  }
  const parsed = usersFile.safeParse(raw);
  if (!parsed.success) throw consoleErrors.internal(`WATCHDECK_SANDBOX_USERS_FILE ${file} is not a list of { name, username, groups, token, description }`);
  return parsed.data;
}
