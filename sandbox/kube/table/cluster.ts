/**
 * Printers for EndpointSlices, ControllerRevisions, ReplicationControllers, PodTemplates,
 * ResourceQuotas and PersistentVolumes, cell for cell as pkg/printers/internalversion prints them (v1.32).
 * LimitRanges have no printer upstream and get the default NAME / CREATED AT.
 */
import { canonicalQuantity } from '@/lib/k8s/quantity';
import type { KubeObject } from '../store';
import { claimClass } from '../storage';
import { age, ageColumn, column, containerCells, containersColumn, formatLabels, imagesColumn, int, nameColumn, selectorText, type Printer } from './common';
import { accessModesText } from './core';

/** listWithMoreString: at most three, then "+ N more...", "<unset>" when empty. */
function listWithMore(items: string[]): string {
  const max = 3;
  if (items.length > max) return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
  return items.join(',') || '<unset>';
}

export const endpointslices: Printer = {
  columns: [
    nameColumn(),
    column(
      'AddressType',
      'string',
      'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.',
    ),
    column(
      'Ports',
      'string',
      'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
    ),
    column('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.'),
    ageColumn(),
  ],
  row(slice, now) {
    const ports = (slice.ports ?? []).map((p: { port?: number; name?: string }) => (p.port !== undefined && p.port !== null ? String(p.port) : (p.name ?? '*')));
    const addresses = (slice.endpoints ?? []).flatMap((e: { addresses?: string[] }) => e.addresses ?? []);
    return { cells: [slice.metadata.name, slice.addressType ?? '', listWithMore(ports), listWithMore(addresses), age(slice, now)] };
  },
};

/** formatResourceName with the controller's group: "statefulset.apps/postgres". */
function controllerName(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller);
  if (!ref) return '<none>';
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

export const controllerrevisions: Printer = {
  columns: [nameColumn(), column('Controller', 'string', 'Controller of the object'), column('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'), ageColumn()],
  row: (rev, now) => ({ cells: [rev.metadata.name, controllerName(rev), int(rev.revision), age(rev, now)] }),
};

export const replicationcontrollers: Printer = {
  columns: [
    nameColumn(),
    column(
      'Desired',
      'integer',
      'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller',
    ),
    column(
      'Current',
      'integer',
      'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller',
    ),
    column('Ready', 'integer', 'The number of ready replicas for this replication controller.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column(
      'Selector',
      'string',
      'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
      1,
    ),
  ],
  row(rc, now) {
    const [names, images] = containerCells(rc.spec?.template?.spec?.containers);
    // labels.FormatLabels of the map selector.
    const selector = rc.spec?.selector ? formatLabels(rc.spec.selector) : selectorText(undefined);
    return { cells: [rc.metadata.name, rc.spec?.replicas ?? 1, int(rc.status?.replicas), int(rc.status?.readyReplicas), age(rc, now), names, images, selector] };
  },
};

export const podtemplates: Printer = {
  columns: [
    nameColumn(),
    column('Containers', 'string', 'Names of each container in the template.'),
    column('Images', 'string', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  row(pt) {
    const [names, images] = containerCells(pt.template?.spec?.containers);
    return { cells: [pt.metadata.name, names, images, formatLabels(pt.template?.metadata?.labels)] };
  },
};

export const resourcequotas: Printer = {
  columns: [
    nameColumn(),
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    ageColumn(),
  ],
  row(quota, now) {
    const hard: Record<string, string> = quota.status?.hard ?? {};
    const used: Record<string, string> = quota.status?.used ?? {};
    const request: string[] = [];
    const limit: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      const pieces = resource.split('.');
      const cell = `${resource}: ${canonicalQuantity(used[resource])}/${canonicalQuantity(hard[resource])}`;
      (pieces.length > 1 && pieces[0] === 'limits' ? limit : request).push(cell);
    }
    return { cells: [quota.metadata.name, request.join(', '), limit.join(', '), age(quota, now)] };
  },
};

export const persistentvolumes: Printer = {
  columns: [
    nameColumn(),
    column('Capacity', 'string', "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
    column('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes'),
    column(
      'Reclaim Policy',
      'string',
      'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming',
    ),
    column('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase'),
    column(
      'Claim',
      'string',
      'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding',
    ),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageColumn(),
    column(
      'VolumeMode',
      'string',
      'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.',
      1,
    ),
  ],
  row(pv, now) {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    return {
      cells: [
        pv.metadata.name,
        canonicalQuantity(spec.capacity?.storage),
        accessModesText(spec.accessModes ?? []),
        spec.persistentVolumeReclaimPolicy ?? '',
        pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
        claim,
        // GetPersistentVolumeClass: the beta annotation first, as for claims.
        claimClass(pv),
        spec.volumeAttributesClassName ?? '<unset>',
        pv.status?.reason ?? '',
        age(pv, now),
        spec.volumeMode ?? '<unset>',
      ],
    };
  },
};
