import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import { actionsFor, allNeeded, checkFor, checksFor, needParts, needText } from './action-checks';

const deployment = { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespace: 'eks-work', name: 'backend-app' };

describe('the actions an object offers and the permission each needs', () => {
  it('offers a running Deployment scale, restart, pause, undo and delete, and a paused one resume instead of pause', () => {
    expect(actionsFor(deployment, { paused: false })).toEqual(['scale', 'restart', 'pause', 'undo', 'delete']);
    expect(actionsFor(deployment, { paused: true })).toEqual(['scale', 'restart', 'resume', 'undo', 'delete']);
  });

  it('offers a StatefulSet scale, restart, undo and delete, and a DaemonSet restart, undo and delete, undo asking for patch of the object', () => {
    const statefulSet = { ...deployment, resource: 'statefulsets', kind: 'StatefulSet', name: 'postgres' };
    expect(actionsFor(statefulSet)).toEqual(['scale', 'restart', 'undo', 'delete']);
    expect(actionsFor({ ...deployment, resource: 'daemonsets', kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-proxy' })).toEqual(['restart', 'undo', 'delete']);
    // kubectl rollout undo sends a strategic merge patch of the StatefulSet itself.
    expect(checkFor(statefulSet, 'undo')).toEqual({ verb: 'patch', group: 'apps', resource: 'statefulsets', namespace: 'eks-work', name: 'postgres' });
  });

  it('offers a CronJob suspend or resume, run now and delete, and a Namespace only delete', () => {
    const cronJob = { ...deployment, group: 'batch', resource: 'cronjobs', kind: 'CronJob', name: 'pingpong' };
    expect(actionsFor(cronJob, { suspend: true })).toEqual(['resume-cronjob', 'run', 'delete']);
    expect(actionsFor({ group: 'core', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespace: '', name: 'rbac-test-ns' })).toEqual(['delete']);
  });

  it('offers Scale on a custom resource whose kind serves the scale subresource, and not on one that serves only status', () => {
    const nodePool = { group: 'karpenter.sh', version: 'v1', resource: 'nodepools', kind: 'NodePool', namespace: '', name: 'default' };
    expect(actionsFor(nodePool, {}, ['status', 'scale'])).toEqual(['scale', 'delete']);
    expect(actionsFor(nodePool, {}, ['status'])).toEqual(['delete']);
    expect(checkFor(nodePool, 'scale')).toEqual({ verb: 'patch', group: 'karpenter.sh', resource: 'nodepools', subresource: 'scale', name: 'default' });
  });

  // The attributes of the requests the server sends: PATCH …/scale, PATCH of the object, POST of a Job, DELETE of the object.
  it('asks for patch on the scale subresource, create of Jobs for run now, and delete in the core group as ""', () => {
    expect(checkFor(deployment, 'scale')).toEqual({ verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'eks-work', name: 'backend-app' });
    expect(checkFor(deployment, 'restart')).toEqual({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'eks-work', name: 'backend-app' });
    expect(checkFor({ ...deployment, group: 'batch', resource: 'cronjobs', name: 'pingpong' }, 'run')).toEqual({ verb: 'create', group: 'batch', resource: 'jobs', namespace: 'eks-work' });
    expect(checkFor({ group: 'core', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespace: '', name: 'rbac-test-ns' }, 'delete')).toEqual({
      verb: 'delete',
      group: '',
      resource: 'namespaces',
      name: 'rbac-test-ns',
    });
  });
});

describe('every permission an action needs', () => {
  it("lists each request the server sends for scale, undo and run now, the action's own last", () => {
    expect(checksFor(deployment, 'scale').map(needText)).toEqual(['get deployments.apps/scale "backend-app" in eks-work', 'patch deployments.apps/scale "backend-app" in eks-work']);
    expect(checksFor(deployment, 'undo').map(needText)).toEqual([
      'get deployments.apps "backend-app" in eks-work',
      'list replicasets.apps in eks-work',
      'patch deployments.apps "backend-app" in eks-work',
    ]);
    expect(checksFor({ ...deployment, resource: 'statefulsets', kind: 'StatefulSet', name: 'postgres' }, 'undo').map(needText)[1]).toBe('list controllerrevisions.apps in eks-work');
    expect(checksFor({ ...deployment, group: 'batch', resource: 'cronjobs', kind: 'CronJob', name: 'pingpong' }, 'run').map(needText)).toEqual([
      'get cronjobs.batch "pingpong" in eks-work',
      'create jobs.batch in eks-work',
    ]);
    expect(checksFor(deployment, 'delete').map(needText)).toEqual(['delete deployments.apps "backend-app" in eks-work']);
  });

  it('is allowed only when every permission is, waits while any is asked, and is refused with the first refusal', () => {
    const check = { verb: 'get', group: '', resource: 'pods' };
    const refused = (verb: string) => ({ allowed: false, missing: { user: 'dev', verb, resource: 'pods', subresource: '', group: '', namespace: 'eks-work', name: '' } });
    expect(
      allNeeded([
        { check, result: { allowed: true } },
        { check, result: { allowed: true } },
      ]),
    ).toEqual({ allowed: true });
    expect(
      allNeeded([
        { check, result: { allowed: true } },
        { check, result: undefined },
      ]),
    ).toBeUndefined();
    expect(
      allNeeded([
        { check, result: { allowed: true } },
        { check, result: refused('list') },
        { check, result: refused('create') },
      ]),
    ).toEqual(refused('list'));
  });

  it('names a cluster-scoped object without a namespace and a request over every namespace as cluster-wide', () => {
    expect(needText({ verb: 'patch', group: '', resource: 'nodes', name: 'ip-10-0-1-23.ec2.internal' })).toBe('patch nodes "ip-10-0-1-23.ec2.internal"');
    expect(needText({ verb: 'list', group: '', resource: 'pods' })).toBe('list pods cluster-wide');
    expect(needText({ verb: 'create', group: '', resource: 'pods', subresource: 'eviction' })).toBe('create pods/eviction cluster-wide');
  });
});

describe('a needed permission, said', () => {
  const checks = [
    { verb: 'get', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'eks-work', name: 'backend-app' },
    { verb: 'patch', group: '', resource: 'nodes', name: 'ip-10-0-1-23.ec2.internal' },
    { verb: 'create', group: '', resource: 'pods', subresource: 'eviction' },
  ];

  it('in English as needText writes it', () => {
    const t = createTranslator({ locale: 'en', messages: en, namespace: 'Actions' });
    expect(checks.map((c) => t('need', needParts(c)))).toEqual(checks.map(needText));
  });

  it("in Korean, with kubectl's words for the request kept", () => {
    const t = createTranslator({ locale: 'ko', messages: ko, namespace: 'Actions' });
    expect(checks.map((c) => t('need', needParts(c)))).toEqual([
      'get deployments.apps/scale "backend-app" (eks-work 네임스페이스)',
      'patch nodes "ip-10-0-1-23.ec2.internal"',
      'create pods/eviction (클러스터 전체)',
    ]);
  });
});
