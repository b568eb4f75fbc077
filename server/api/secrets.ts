import 'server-only';
import { z } from 'zod';
import { parseInput, readJsonBody } from '../http';
import { BODY_LIMITS } from '../request-body';
import { listSecrets, revealSecretKey, type RevealedKey, type SecretRow } from '../k8s/secrets';
import { callerClient } from './cluster-client';
import { namespaceName } from './names';
import { objectName } from './pod-query';

export async function clusterSecrets(request: Request, cluster: string, namespace: string): Promise<{ namespace: string; items: SecretRow[] }> {
  const ns = parseInput(namespaceName, namespace, 'namespace');
  const { client } = await callerClient(request, cluster);
  return listSecrets(client, ns);
}

/** A Secret data key: the API server's rule (letters, digits, "-", "_", "."). */
const secretKey = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[-._a-zA-Z0-9]+$/, 'a key is letters, digits, "-", "_" and "."');
const revealBody = z.object({ key: secretKey });

/** POST only (CSRF-checked in authenticate): a value is never a GET a page could prefetch or a cache could keep. */
export async function revealSecret(request: Request, cluster: string, namespace: string, name: string): Promise<RevealedKey> {
  const ns = parseInput(namespaceName, namespace, 'namespace');
  const secretName = parseInput(objectName, name, 'name');
  const { client } = await callerClient(request, cluster);
  const { key } = await readJsonBody(request, revealBody, BODY_LIMITS.form);
  return revealSecretKey(client, ns, secretName, key);
}
