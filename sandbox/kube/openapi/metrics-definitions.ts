/**
 * The metrics.k8s.io/v1beta1 definitions, which client-node does not model:
 * written from k8s.io/metrics' pkg/apis/metrics/v1beta1/types.go as
 * openapi-gen renders it (comment lines joined, json names, non-omitempty
 * fields required, ResourceList as a map of Quantity).
 */
import { PRIMITIVES } from './names';

type Schema = { [key: string]: unknown };

const PKG = 'io.k8s.metrics.pkg.apis.metrics.v1beta1';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

const TYPE_META = {
  apiVersion: {
    description:
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
    type: 'string',
  },
  kind: {
    description:
      'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
    type: 'string',
  },
};
const OBJECT_META = {
  description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  ...ref(`${META}.ObjectMeta`),
};
const LIST_META = { description: 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds', ...ref(`${META}.ListMeta`) };
const TIMESTAMP = { description: 'The following fields define time interval from which metrics were collected from the interval [Timestamp-Window, Timestamp].', ...ref(PRIMITIVES.Time) };
const USAGE = { description: 'The memory usage is the memory working set.', type: 'object', additionalProperties: ref(PRIMITIVES.Quantity) };
const gvk = (kind: string) => ({ 'x-kubernetes-group-version-kind': [{ group: 'metrics.k8s.io', kind, version: 'v1beta1' }] });

const list = (kind: string, itemsDescription: string): Schema => ({
  description: `${kind}List is a list of ${kind}.`,
  type: 'object',
  required: ['items'],
  properties: { ...TYPE_META, metadata: LIST_META, items: { description: itemsDescription, type: 'array', items: ref(`${PKG}.${kind}`) } },
  ...gvk(`${kind}List`),
});

export const METRICS_DEFINITIONS: Record<string, Schema> = {
  [`${META}.Duration`]: {
    description: 'Duration is a wrapper around time.Duration which supports correct marshaling to YAML and JSON. In particular, it marshals into strings, which can be used as map keys in json.',
    type: 'string',
  },
  [`${PKG}.ContainerMetrics`]: {
    description: 'ContainerMetrics sets resource usage metrics of a container.',
    type: 'object',
    required: ['name', 'usage'],
    properties: { name: { description: 'Container name corresponding to the one from pod.spec.containers.', type: 'string' }, usage: USAGE },
  },
  [`${PKG}.NodeMetrics`]: {
    description: 'NodeMetrics sets resource usage metrics of a node.',
    type: 'object',
    required: ['timestamp', 'window', 'usage'],
    properties: { ...TYPE_META, metadata: OBJECT_META, timestamp: TIMESTAMP, window: ref(`${META}.Duration`), usage: USAGE },
    ...gvk('NodeMetrics'),
  },
  [`${PKG}.NodeMetricsList`]: list('NodeMetrics', 'List of node metrics.'),
  [`${PKG}.PodMetrics`]: {
    description: 'PodMetrics sets resource usage metrics of a pod.',
    type: 'object',
    required: ['timestamp', 'window', 'containers'],
    properties: {
      ...TYPE_META,
      metadata: OBJECT_META,
      timestamp: TIMESTAMP,
      window: ref(`${META}.Duration`),
      containers: { description: 'Metrics for all containers are collected within the same time window.', type: 'array', items: ref(`${PKG}.ContainerMetrics`) },
    },
    ...gvk('PodMetrics'),
  },
  [`${PKG}.PodMetricsList`]: list('PodMetrics', 'List of pod metrics.'),
};
