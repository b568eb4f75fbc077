/**
 * Server-side printing: the meta.k8s.io/v1 Table the API server returns when
 * a client (kubectl get) asks for Accept: application/json;as=Table. Columns
 * and cells follow pkg/printers/internalversion; wide (priority 1) cells are
 * always included, as the API server prints with Wide set, and kubectl hides
 * them unless -o wide. Kinds without a printer get the generic NAME / CREATED AT.
 */
import { customResourcePrinter } from '../crd/printer';
import { resourceKey, type ResourceType } from '../resources';
import type { KubeObject } from '../store';
import { column, creationDoc, nameColumn, type Printer } from './common';
import * as cluster from './cluster';
import * as core from './core';
import * as policy from './policy';
import * as workloads from './workloads';

export type { ColumnDefinition } from './common';

const PRINTERS: Record<string, Printer> = {
  pods: core.pods,
  nodes: core.nodes,
  namespaces: core.namespaces,
  events: core.events,
  // Printed from the stored core Event, as upstream prints both groups with printEvent.
  'events.k8s.io/events': core.events,
  services: core.services,
  endpoints: core.endpoints,
  configmaps: core.configmaps,
  secrets: core.secrets,
  serviceaccounts: core.serviceaccounts,
  'coordination.k8s.io/leases': core.leases,
  persistentvolumeclaims: core.persistentvolumeclaims,
  'storage.k8s.io/storageclasses': core.storageclasses,
  'apps/deployments': workloads.deployments,
  'apps/replicasets': workloads.replicasets,
  'apps/statefulsets': workloads.statefulsets,
  'apps/daemonsets': workloads.daemonsets,
  'batch/jobs': workloads.jobs,
  'batch/cronjobs': workloads.cronjobs,
  'autoscaling/horizontalpodautoscalers': policy.horizontalpodautoscalers,
  'policy/poddisruptionbudgets': policy.poddisruptionbudgets,
  'networking.k8s.io/networkpolicies': policy.networkpolicies,
  'networking.k8s.io/ingresses': policy.ingresses,
  'rbac.authorization.k8s.io/rolebindings': policy.rolebindings,
  'rbac.authorization.k8s.io/clusterrolebindings': policy.clusterrolebindings,
  'discovery.k8s.io/endpointslices': cluster.endpointslices,
  'apps/controllerrevisions': cluster.controllerrevisions,
  replicationcontrollers: cluster.replicationcontrollers,
  podtemplates: cluster.podtemplates,
  resourcequotas: cluster.resourcequotas,
  persistentvolumes: cluster.persistentvolumes,
};

/** rest.NewDefaultTableConvertor: name and the creation time in RFC 3339. */
const DEFAULT_PRINTER: Printer = {
  columns: [nameColumn(), column('Created At', 'date', creationDoc)],
  row: (obj) => ({ cells: [obj.metadata.name, obj.metadata.creationTimestamp] }),
};

/** A custom resource prints its CRD's columns for the version asked for. */
export function printerFor(type: ResourceType, version = type.versions[0]): Printer {
  if (type.crd) return customResourcePrinter(type.crd, version);
  return PRINTERS[resourceKey(type.group, type.plural)] ?? DEFAULT_PRINTER;
}

export interface TableOptions {
  includeObject: 'None' | 'Metadata' | 'Object';
  now: Date;
  /** The version the client asked for, when the kind's printer depends on it. */
  version?: string;
  /** The object as the client's version shows it, for includeObject=Object. */
  toVersion?: (obj: KubeObject) => KubeObject;
}

export function toTable(type: ResourceType, objects: KubeObject[], listMeta: { resourceVersion: string; continue?: string; remainingItemCount?: number } | undefined, options: TableOptions): unknown {
  const printer = printerFor(type, options.version);
  const metadata = listMeta ?? (objects.length === 1 ? { resourceVersion: objects[0].metadata.resourceVersion } : {});
  const rows = objects.map((obj) => {
    const { cells, conditions } = printer.row(obj, options.now);
    const row: Record<string, unknown> = { cells };
    if (conditions) row.conditions = conditions;
    if (options.includeObject === 'Object') row.object = options.toVersion ? options.toVersion(obj) : obj;
    else if (options.includeObject === 'Metadata') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
    return row;
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: printer.columns, rows };
}
