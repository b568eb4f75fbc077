import 'server-only';
import { DeleteQueryDefinitionCommand, DescribeQueryDefinitionsCommand, PutQueryDefinitionCommand } from '@aws-sdk/client-cloudwatch-logs';
import { logsClient } from '../aws/clients';

/** A saved query: a CloudWatch query definition, so the AWS console shows it too. */
export interface SavedQuery {
  id: string;
  /** The full name; `/` separates folders, as the AWS console groups them. */
  name: string;
  folder: string;
  title: string;
  queryString: string;
  logGroupNames: string[];
  lastModified?: string;
}

/** A definition's folder and title: everything up to the last `/` is the folder. */
export function splitName(name: string): { folder: string; title: string } {
  const i = name.lastIndexOf('/');
  return i < 0 ? { folder: '', title: name } : { folder: name.slice(0, i), title: name.slice(i + 1) };
}

/** Every query definition of the account (DescribeQueryDefinitions, every page), by name. */
export async function listSaved(): Promise<SavedQuery[]> {
  const out: SavedQuery[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logsClient().send(new DescribeQueryDefinitionsCommand({ maxResults: 1000, nextToken }));
    for (const d of page.queryDefinitions ?? []) {
      const name = d.name ?? '';
      out.push({
        id: d.queryDefinitionId ?? '',
        name,
        ...splitName(name),
        queryString: d.queryString ?? '',
        logGroupNames: d.logGroupNames ?? [],
        ...(d.lastModified ? { lastModified: new Date(d.lastModified).toISOString() } : {}),
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Creates a definition, or replaces the one with this id (PutQueryDefinition); gives its id. */
export async function putSaved(input: { id?: string; name: string; queryString: string; logGroupNames: string[] }): Promise<string> {
  const out = await logsClient().send(
    new PutQueryDefinitionCommand({
      ...(input.id ? { queryDefinitionId: input.id } : {}),
      name: input.name,
      queryString: input.queryString,
      ...(input.logGroupNames.length ? { logGroupNames: input.logGroupNames } : {}),
    }),
  );
  return out.queryDefinitionId ?? '';
}

export async function deleteSaved(id: string): Promise<void> {
  await logsClient().send(new DeleteQueryDefinitionCommand({ queryDefinitionId: id }));
}
