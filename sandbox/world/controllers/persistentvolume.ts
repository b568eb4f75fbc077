/**
 * The volume provisioner's half of binding: a claim the scheduler bound to a
 * volume name (WaitForFirstConsumer, pv.kubernetes.io/bind-completed) gets
 * that PersistentVolume, an EBS volume in the claim's zone with a claimRef
 * back to it, as the EBS CSI driver's external-provisioner creates it; the
 * volume is released when its claim goes, and deleted under Delete policy.
 */
import { rfc3339, type KubeObject } from '../../kube/store';
import { derivedUid, type Controller, type World } from '../world';
import { WorkQueue, keyOf, splitKey } from './common';

const PVS = 'persistentvolumes';
const CLAIMS = 'persistentvolumeclaims';

export function createPersistentVolumeController(): Controller {
  return {
    name: 'persistentvolume-binder-controller',
    start(world: World) {
      const store = world.store;
      const queue = new WorkQueue(world, (key) => sync(world, key));
      store.subscribe((e) => {
        if (e.resource === CLAIMS) queue.add(keyOf(e.object));
      });
      for (const claim of store.each(CLAIMS)) queue.add(keyOf(claim));
    },
  };
}

function sync(world: World, key: string) {
  const store = world.store;
  const [namespace, name] = splitKey(key);
  const claim = store.get(CLAIMS, namespace, name);
  if (!claim) {
    for (const pv of store.list(PVS)) {
      if (pv.spec?.claimRef?.namespace !== namespace || pv.spec?.claimRef?.name !== name || pv.status?.phase !== 'Bound') continue;
      if (pv.spec.persistentVolumeReclaimPolicy === 'Delete') store.delete(PVS, undefined, pv.metadata.name);
      else store.update(PVS, { ...pv, status: { ...pv.status, phase: 'Released' } });
    }
    return;
  }
  const volumeName: string | undefined = claim.spec?.volumeName;
  if (!volumeName || claim.metadata.annotations?.['pv.kubernetes.io/bind-completed'] !== 'yes' || store.get(PVS, undefined, volumeName)) return;
  store.create(PVS, provisioned(world, claim, volumeName));
}

function provisioned(world: World, claim: KubeObject, volumeName: string) {
  const node = claim.metadata.annotations?.['volume.kubernetes.io/selected-node'];
  const zone = node ? world.store.get('nodes', undefined, node)?.metadata.labels?.['topology.kubernetes.io/zone'] : undefined;
  const className: string = claim.spec?.storageClassName ?? '';
  const storageClass = className ? world.store.get('storage.k8s.io/storageclasses', undefined, className) : undefined;
  const provisioner: string = storageClass?.provisioner ?? 'ebs.csi.aws.com';
  // Taken from the claim's uid, so the world's seeded random sequence is left as it was.
  const volumeID = `vol-0${claim.metadata.uid.replace(/-/g, '').slice(0, 16)}`;
  // The in-tree EBS plugin's volumes are provisioned by its CSI migration and keep the in-tree source.
  const inTree = provisioner === 'kubernetes.io/aws-ebs';
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: volumeName,
      uid: derivedUid(`persistentvolumes/${volumeName}`),
      annotations: {
        ...(inTree ? { 'pv.kubernetes.io/migrated-to': 'ebs.csi.aws.com' } : {}),
        'pv.kubernetes.io/provisioned-by': provisioner,
        'volume.kubernetes.io/provisioner-deletion-secret-name': '',
        'volume.kubernetes.io/provisioner-deletion-secret-namespace': '',
      },
      finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection'],
    },
    spec: {
      accessModes: claim.spec?.accessModes ?? ['ReadWriteOnce'],
      ...(inTree ? { awsElasticBlockStore: { fsType: 'ext4', volumeID: zone ? `aws://${zone}/${volumeID}` : volumeID } } : {}),
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '' },
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name: claim.metadata.name,
        namespace: claim.metadata.namespace,
        uid: claim.metadata.uid,
        resourceVersion: claim.metadata.resourceVersion,
      },
      ...(inTree ? {} : { csi: { driver: provisioner, fsType: 'ext4', volumeHandle: volumeID } }),
      ...(zone ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } } } : {}),
      persistentVolumeReclaimPolicy: storageClass?.reclaimPolicy ?? 'Delete',
      storageClassName: className,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
    },
    status: { phase: 'Bound', lastPhaseTransitionTime: rfc3339(world.now()) },
  };
}
