import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import { NAV_ITEMS } from '../shell/nav-items';
import { MATCH, matchRank, rankMatches, wordsOf } from './rank';

// Kinds with their plural and short names as `kubectl api-resources` lists them; the order is the test's own.
const KINDS: [kind: string, resource: string, ...shortNames: string[]][] = [
  ['ConfigMap', 'configmaps', 'cm'],
  ['Event', 'events', 'ev'],
  ['Namespace', 'namespaces', 'ns'],
  ['Node', 'nodes', 'no'],
  ['Pod', 'pods', 'po'],
  ['Secret', 'secrets'],
  ['ServiceAccount', 'serviceaccounts', 'sa'],
  ['Service', 'services', 'svc'],
  ['Deployment', 'deployments', 'deploy'],
  ['ReplicaSet', 'replicasets', 'rs'],
  ['StatefulSet', 'statefulsets', 'sts'],
  ['HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'hpa'],
  ['CronJob', 'cronjobs', 'cj'],
  ['Job', 'jobs'],
  ['PodDisruptionBudget', 'poddisruptionbudgets', 'pdb'],
  ['ClusterRoleBinding', 'clusterrolebindings'],
  ['ClusterRole', 'clusterroles'],
  ['RoleBinding', 'rolebindings'],
  ['Role', 'roles'],
  ['StorageClass', 'storageclasses', 'sc'],
  ['PriorityClass', 'priorityclasses', 'pc'],
];
const kinds = (text: string) => rankMatches(KINDS, text, (k) => k).map((k) => k[0]);
/** The pages as the palette ranks them: by the English label the navigation shows (messages/en.json), the message key and the path. */
const label = (item: (typeof NAV_ITEMS)[number]) => en.Nav[item.label];
const pages = (text: string) => rankMatches(NAV_ITEMS, text, (item) => [label(item), item.label, item.page]).map(label);

describe('words of a name', () => {
  it('splits camelCase humps, acronyms, dashes and slashes', () => {
    expect(wordsOf('HorizontalPodAutoscaler')).toEqual(['horizontal', 'pod', 'autoscaler']);
    expect(wordsOf('CSIDriver')).toEqual(['csi', 'driver']);
    expect(wordsOf('kube-system/coredns-5d78c9869d')).toEqual(['kube', 'system', 'coredns', '5d78c9869d']);
    expect(wordsOf('백엔드 오류 (on-call)')).toEqual(['백엔드', '오류', 'on', 'call']);
  });
});

describe('how well text names an entry', () => {
  it('ranks the name itself, then its start, then a whole word, then the start of a word, then inside a word', () => {
    expect(matchRank('scale', ['Scale'])).toBe(MATCH.exact);
    expect(matchRank('scale', ['Scale Deployment web'])).toBe(MATCH.prefix);
    expect(matchRank('scale', ['Describe scale of web'])).toBe(MATCH.word);
    expect(matchRank('disrupt', ['PodDisruptionBudget'])).toBe(MATCH.wordPrefix);
    expect(matchRank('scale', ['HorizontalPodAutoscaler'])).toBe(MATCH.inWord);
  });

  it('does not match letters scattered across a name or across its words, nor one or two letters inside a word', () => {
    expect(matchRank('n', ['Events', 'events'])).toBeUndefined();
    expect(matchRank('ca', ['Autoscaling', 'autoscaling'])).toBeUndefined();
    expect(matchRank('scale', ['StorageClass', 'storageclasses', 'sc'])).toBeUndefined();
    expect(matchRank('scale', ['ServiceAccount', 'serviceaccounts', 'sa'])).toBeUndefined();
    expect(matchRank('podauto', ['HorizontalPodAutoscaler'])).toBeUndefined();
  });

  it('matches several words when each does, ranked by the worst, and text with a dash inside a field', () => {
    expect(matchRank('scale web', ['Scale Deployment web'])).toBe(MATCH.word);
    expect(matchRank('scale api', ['Scale Deployment web'])).toBeUndefined();
    expect(matchRank('web-1', ['pod web-1'])).toBe(MATCH.word);
    expect(matchRank('web-', ['pod web-1'])).toBe(MATCH.wordPrefix);
    expect(matchRank('b-1', ['pod web-1'])).toBe(MATCH.inWord);
    expect(matchRank('-1', ['pod web-1'])).toBeUndefined();
  });
});

describe('the palette ranks kinds and pages by what is typed', () => {
  it('lists for "scale" only the autoscaler, the one kind with the word inside its name', () => {
    expect(kinds('scale')).toEqual(['HorizontalPodAutoscaler']);
  });

  it('puts the kind named by the text first, then kinds starting with it, then kinds with it as a later word', () => {
    expect(kinds('pod')).toEqual(['Pod', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']);
    expect(kinds('role')).toEqual(['Role', 'RoleBinding', 'ClusterRoleBinding', 'ClusterRole']);
    expect(kinds('service')).toEqual(['Service', 'ServiceAccount']);
  });

  it('finds a kind by its short name before kinds that merely start with it', () => {
    expect(kinds('sts')).toEqual(['StatefulSet']);
    expect(kinds('deploy')).toEqual(['Deployment']);
    expect(kinds('sa')).toEqual(['ServiceAccount']);
    expect(kinds('pc')).toEqual(['PriorityClass']);
  });

  it('ranks the word "class" and "set" by where it stands, in discovery order within a rank', () => {
    expect(kinds('class')).toEqual(['StorageClass', 'PriorityClass']);
    expect(kinds('set')).toEqual(['ReplicaSet', 'StatefulSet']);
  });

  it('matches the pages by their labels and paths', () => {
    expect(pages('scal')).toEqual(['Autoscaling']);
    expect(pages('n')).toEqual(['Nodes', 'Namespaces']);
    expect(pages('log')).toEqual(['Logs']);
    expect(pages('a')).toEqual(['Autoscaling', 'Access', 'Alarms', 'Audit']);
  });

  it('keeps everything in its order before anything is typed', () => {
    expect(pages(' ')).toEqual(NAV_ITEMS.map(label));
  });
});
