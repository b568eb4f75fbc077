'use client';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { applyConfigurationYaml, manifestTemplate } from '@/lib/k8s/apply/configuration';
import { GuardedAction } from '../actions/guarded-action';
import { guardedPaletteAction } from '../actions/palette-action';
import { useCan } from '../actions/use-can';
import { resourceObjectQuery, type ResourceId } from '../api/queries/resources';
import { usePaletteActions } from '../palette/use-palette-actions';
import { ErrorView } from '../ui/error-view';
import { YamlApplyDialog } from './yaml-apply-dialog';

const apiGroup = (id: ResourceId) => (id.group === 'core' ? '' : id.group);
const apiVersion = (id: ResourceId) => (id.group === 'core' ? id.version : `${id.group}/${id.version}`);

/** Secrets are not edited as YAML: the editor would show their values (the console API refuses them too). */
export const editableAsYaml = (id: ResourceId) => !(id.group === 'core' && id.resource === 'secrets');

/** The object's YAML dialog, once the object is read (the object page's own query, so that page reads nothing more). */
function EditDialog({ cluster, id, namespace, name, kind, onClose }: { cluster: string; id: ResourceId; namespace: string; name: string; kind: string; onClose: () => void }) {
  const t = useTranslations('Editor');
  const detail = useQuery(resourceObjectQuery(cluster, id, namespace, name));
  if (detail.isError) return <ErrorView error={detail.error} compact />;
  if (!detail.data) return null;
  // The dialog keeps the text it opened with: later reads of the object do not replace what is being edited.
  return (
    <YamlApplyDialog
      title={t('editTitle', { kind, name })}
      destination={{ cluster, id, namespace, name }}
      initialYaml={applyConfigurationYaml(detail.data.object)}
      onApplied={onClose}
      onClose={onClose}
    />
  );
}

/** "Edit YAML" for one object, shown when the API server would let the caller patch it. */
export function EditYamlAction({ cluster, id, namespace, name, kind }: { cluster: string; id: ResourceId; namespace: string; name: string; kind: string }) {
  const t = useTranslations('Editor');
  const [open, setOpen] = useState(false);
  const checks = useMemo(() => [{ verb: 'patch', group: apiGroup(id), resource: id.resource, namespace: namespace || undefined, name }], [id, namespace, name]);
  const can = useCan(cluster, checks).results[0];
  usePaletteActions(editableAsYaml(id) ? [guardedPaletteAction({ id: 'object-edit-yaml', label: t('editPalette', { kind, name }), keywords: ['edit'], run: () => setOpen(true) }, can)] : []);
  if (!editableAsYaml(id)) return null;
  return (
    <>
      <GuardedAction can={can} label={t('editYaml')} onClick={() => setOpen(true)} />
      {open && <EditDialog cluster={cluster} id={id} namespace={namespace} name={name} kind={kind} onClose={() => setOpen(false)} />}
    </>
  );
}

/** "Create" on a list page: a template for the kind, applied server-side to the name the YAML gives. */
export function CreateYamlAction({ cluster, id, kind, namespace }: { cluster: string; id: ResourceId; kind: string; namespace: string | undefined }) {
  const t = useTranslations('Editor');
  const [open, setOpen] = useState(false);
  // Server-side apply of a new object is authorized as create (and the console asks create first).
  const checks = useMemo(() => [{ verb: 'create', group: apiGroup(id), resource: id.resource, namespace }], [id, namespace]);
  const can = useCan(cluster, checks).results[0];
  usePaletteActions(editableAsYaml(id) ? [guardedPaletteAction({ id: 'create-yaml', label: t('createTitle', { kind }), keywords: ['new'], run: () => setOpen(true) }, can)] : []);
  if (!editableAsYaml(id)) return null;
  return (
    <>
      <GuardedAction can={can} label={t('create')} onClick={() => setOpen(true)} />
      {open && (
        <YamlApplyDialog
          title={t('createTitle', { kind })}
          destination={{ cluster, id, namespace: namespace ?? '' }}
          initialYaml={manifestTemplate(apiVersion(id), kind, namespace)}
          onApplied={() => setOpen(false)}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
