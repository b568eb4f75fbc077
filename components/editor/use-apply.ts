'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApplyResult, DryRunResult } from '@/server/k8s/actions/apply';
import { resourceKey } from '../api/keys';
import { resourcePath, type ResourceId } from '../api/queries/resources';
import { writeWithCsrf } from '../api/session';

export type { ApplyResult, DryRunResult };

/** Where the YAML goes: an existing object (edit) or the resource's collection (create). */
export interface ApplyDestination {
  cluster: string;
  id: ResourceId;
  namespace: string;
  /** Absent for a create: the YAML names the object. */
  name?: string;
}

function applyUrl({ cluster, id, namespace, name }: ApplyDestination): string {
  const path = name === undefined ? resourcePath(cluster, id) : resourcePath(cluster, id, encodeURIComponent(name), 'apply');
  return namespace ? `${path}?namespace=${encodeURIComponent(namespace)}` : path;
}

/** The dry run and the apply of one object's YAML; an apply refreshes what the pages show of that resource. */
export function useApplyYaml(destination: ApplyDestination) {
  const queryClient = useQueryClient();
  const send = <T>(yaml: string, dryRun: boolean, force: boolean) => writeWithCsrf<T>(queryClient, 'POST', applyUrl(destination), { yaml, dryRun, force });
  const dryRun = useMutation({ mutationFn: ({ yaml, force }: { yaml: string; force: boolean }) => send<DryRunResult>(yaml, true, force) });
  const apply = useMutation({
    mutationFn: ({ yaml, force }: { yaml: string; force: boolean }) => send<ApplyResult>(yaml, false, force),
    onSuccess: () =>
      queryClient.invalidateQueries({
        queryKey: resourceKey({ resource: 'resource-object', cluster: destination.cluster, group: destination.id.group, version: destination.id.version, plural: destination.id.resource }),
      }),
  });
  return { dryRun, apply };
}
