import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import { severityOf } from '@/lib/k8s/pod-status';
import type { PodRow } from '../api/pod-types';
import { compareRows, filterAndSort, restartsText, sortRows } from './pod-rows';
import { POD_COLUMNS } from './view';

function row(name: string, extra: Partial<PodRow> = {}): PodRow {
  const base = { name, namespace: 'eks-work', uid: name, ready: '1/1', status: 'Running', restarts: 0, restartsText: '0', createdAt: '2026-11-23T10:00:00Z', labels: {} };
  const merged = { ...base, ...extra };
  const severity = severityOf(merged.status, Number(merged.ready[0]), Number(merged.ready[2]));
  return { ...merged, severity, problem: severity === 'warning' || severity === 'error' };
}

describe('pod rows', () => {
  const rows = [
    row('backend-app-7d9c-x2k4p', { restarts: 0, podIP: '192.168.10.20' }),
    row('backend-app-canary-5f6b-q8r2t', { status: 'CrashLoopBackOff', ready: '0/1', restarts: 12, podIP: '192.168.3.9' }),
    row('frontend-web-66b7-zz9kq', { status: 'ImagePullBackOff', ready: '0/1', createdAt: '2026-11-23T11:00:00Z' }),
    row('pingpong-abcde', { status: 'Completed', ready: '0/1' }),
    row('backend-app-7d9c-m3n1v', { status: 'Running', ready: '0/1', podIP: '192.168.10.3' }),
  ];

  it('problems only keeps the rows the server marks as problems, not completed or still-starting pods', () => {
    expect(filterAndSort(rows, { name: '', problemsOnly: true }, 'name', false).map((r) => r.name)).toEqual(['backend-app-canary-5f6b-q8r2t', 'frontend-web-66b7-zz9kq']);
  });

  it('the name filter is a case-insensitive substring match', () => {
    expect(filterAndSort(rows, { name: 'CANARY', problemsOnly: false }, 'name', false).map((r) => r.name)).toEqual(['backend-app-canary-5f6b-q8r2t']);
  });

  it('sorts restarts numerically, IPs by octet and age newest first, either direction', () => {
    expect(filterAndSort(rows, { name: '', problemsOnly: false }, 'restarts', true)[0].name).toBe('backend-app-canary-5f6b-q8r2t');
    expect(filterAndSort(rows, { name: 'backend-app-7d9c', problemsOnly: false }, 'ip', false).map((r) => r.podIP)).toEqual(['192.168.10.3', '192.168.10.20']);
    expect(filterAndSort(rows, { name: '', problemsOnly: false }, 'age', false)[0].name).toBe('frontend-web-66b7-zz9kq');
  });

  it('writes RESTARTS as kubectl does, with the time since the last restart', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const time = createTranslator({ locale: 'en', messages: en, namespace: 'Time' });
    const withAge = (count: number, age: string) => time('restarts', { count, age });
    expect(restartsText({ restarts: 5, lastRestartAt: '2026-11-23T11:55:00Z' }, now, withAge)).toBe('5 (5m ago)');
    expect(restartsText({ restarts: 0 }, now, withAge)).toBe('0');
    expect(restartsText({ restarts: 1, lastRestartAt: '2026-11-23T12:00:04Z' }, now, withAge)).toBe('1 (0s ago)');
  });

  it("writes RESTARTS in Korean with kubectl's short age kept", () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const time = createTranslator({ locale: 'ko', messages: ko, namespace: 'Time' });
    expect(restartsText({ restarts: 5, lastRestartAt: '2026-11-23T11:55:00Z' }, now, (count, age) => time('restarts', { count, age }))).toBe('5 (5m 전)');
  });

  it('compares two rows in the same order as the sort, for every column and direction', () => {
    const namespaces = ['eks-work', 'kube-system', 'rbac-test-ns'];
    const statuses = ['Running', 'Pending', 'CrashLoopBackOff', 'Completed'];
    const many = Array.from({ length: 400 }, (_, i) =>
      row(`app-${(i * 37) % 23}${i % 3 ? `-${i % 7}` : ''}`, {
        uid: `u${i}`,
        namespace: namespaces[i % 3],
        status: statuses[(i * 5) % 4],
        ready: `${i % 2}/1`,
        restarts: (i * 13) % 5,
        createdAt: new Date(Date.UTC(2026, 10, 23, 10, (i * 7) % 60)).toISOString(),
        podIP: i % 9 ? `192.168.${i % 4}.${(i * 11) % 250}` : undefined,
        node: i % 5 ? `ip-10-0-${i % 3}-1.ec2.internal` : undefined,
      }),
    );
    for (const column of POD_COLUMNS) {
      for (const descending of [false, true]) {
        expect([...many].sort(compareRows(column, descending)).map((r) => r.uid)).toEqual(sortRows(many, column, descending).map((r) => r.uid));
      }
    }
  });
});
