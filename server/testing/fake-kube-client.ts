import 'server-only';
import { encodeMessage, wrapUnknown, Writer } from '@/lib/k8s/protobuf';
import { LIST_META, POD } from '@/lib/k8s/protobuf-schemas';
import type { GetOptions, KubeClient, Query, ResourceRef } from '../k8s/client';

/** A KubeClient that only reads, through `get`; a create or a version asked of it fails the test. */
export function readingClient(get: (ref: ResourceRef, query?: Query, options?: GetOptions) => Promise<unknown>): KubeClient {
  return {
    cluster: 'c',
    server: 'https://example.invalid',
    get: get as KubeClient['get'],
    async create<T>(): Promise<T> {
      throw new Error('unexpected create');
    },
    async version() {
      throw new Error('unexpected version');
    },
  };
}

/** A PodList in protobuf as the API server writes it for client-go's Accept: `pods` and the list's metadata. */
export function podListProtobuf(pods: object[], metadata: { resourceVersion?: string; continue?: string }): Uint8Array {
  const w = new Writer();
  w.bytes(1, encodeMessage(metadata, LIST_META));
  for (const pod of pods) w.bytes(2, encodeMessage(pod as Record<string, unknown>, POD));
  return wrapUnknown('v1', 'PodList', w.finish());
}
