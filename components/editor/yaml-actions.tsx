'use client';
import { useMemo, useState } from 'react';
import { applyConfigurationYaml, manifestTemplate } from '@/lib/k8s/apply/configuration';
import { GuardedAction } from '../actions/guarded-action';
import { useCan } from '../actions/use-can';
import type { ResourceId } from '../api/queries/resources';
import { YamlApplyDialog } from './yaml-apply-dialog';

const apiGroup = (id: ResourceId) => (id.group === 'core' ? '' : id.group);
const apiVersion = (id: ResourceId) => (id.group === 'core' ? id.version : `${id.group}/${id.version}`);

/** Secrets are not edited as YAML: the editor would show their values (the console API refuses them too). */
export const editableAsYaml = (id: ResourceId) => !(id.group === 'core' && id.resource === 'secrets');

/** "Edit YAML" for one object, shown when the API server would let the caller patch it. */
export function EditYamlAction({ cluster, id, namespace, name, kind, object }: { cluster: string; id: ResourceId; namespace: string; name: string; kind: string; object: Record<string, unknown> }) {
  const [open, setOpen] = useState(false);
  const checks = useMemo(() => [{ verb: 'patch', group: apiGroup(id), resource: id.resource, namespace: namespace || undefined, name }], [id, namespace, name]);
  const can = useCan(cluster, checks).results[0];
  if (!editableAsYaml(id)) return null;
  return (
    <>
      <GuardedAction can={can} label="Edit YAML" onClick={() => setOpen(true)} />
      {open && (
        <YamlApplyDialog
          title={`Edit ${kind} ${name} as YAML`}
          destination={{ cluster, id, namespace, name }}
          initialYaml={applyConfigurationYaml(object)}
          onApplied={() => setOpen(false)}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

/** "Create" on a list page: a template for the kind, applied server-side to the name the YAML gives. */
export function CreateYamlAction({ cluster, id, kind, namespace }: { cluster: string; id: ResourceId; kind: string; namespace: string | undefined }) {
  const [open, setOpen] = useState(false);
  const checks = useMemo(() => [{ verb: 'patch', group: apiGroup(id), resource: id.resource, namespace }], [id, namespace]);
  const can = useCan(cluster, checks).results[0];
  if (!editableAsYaml(id)) return null;
  return (
    <>
      <GuardedAction can={can} label="Create" onClick={() => setOpen(true)} />
      {open && (
        <YamlApplyDialog
          title={`Create ${kind} from YAML`}
          destination={{ cluster, id, namespace: namespace ?? '' }}
          initialYaml={manifestTemplate(apiVersion(id), kind, namespace)}
          onApplied={() => setOpen(false)}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
