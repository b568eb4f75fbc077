/** The pods API's shapes (docs/api.md), as the server defines them. */
import type { PodRow, PodRowList } from '@/server/k8s/pods';

export type { PodRow };
export type PodList = PodRowList;

export type PodWatchEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: PodRow };
