import { describe, expect, it } from 'vitest';
import { QueryCompileError, runQuery, type LogEvent } from '../logs-insights';
import { messageNamespace, QueryRefused, restrictQuery, rowAllowed, streamNamespace, type LogAccess } from './restrict';

const GROUP = '/aws/containerinsights/eks-work-cluster/application';
const DEV: LogAccess = { clusterWide: false, namespaces: ['rbac-test-ns'] };

function event(i: number, namespace: string, pod: string, log: string): LogEvent {
  const timestamp = Date.UTC(2026, 0, 1) + i * 1000;
  return {
    timestamp,
    message: JSON.stringify({ log, stream: 'stdout', kubernetes: { pod_name: pod, namespace_name: namespace, container_name: pod.split('-')[0], labels: { app: pod } } }),
    logStream: `ip-10-0-1-23-application.var.log.containers.${pod}_${namespace}_${pod.split('-')[0]}-abc.log`,
    logGroup: GROUP,
    ptr: `ptr-${namespace}-${i}`,
  };
}

/** Ten eks-work records, three of rbac-test-ns, one without Kubernetes metadata. */
const EVENTS: LogEvent[] = [
  ...Array.from({ length: 10 }, (_, i) => event(i, 'eks-work', 'backend-app-1', `ERROR secret order ${i} rbac-test-ns`)),
  event(20, 'rbac-test-ns', 'nginx-1', 'GET / 200'),
  event(21, 'rbac-test-ns', 'nginx-1', 'GET /health 200'),
  event(22, 'rbac-test-ns', 'nginx-1', 'WARN slow upstream'),
  { timestamp: Date.UTC(2026, 0, 1, 0, 1), message: 'plain fluentd line', logStream: 'fluentd-cloudwatch-x', logGroup: GROUP, ptr: 'ptr-plain' },
];

/** Everything a restricted run gives back, rows flattened to text. */
function asDev(text: string): string {
  const { queryString } = restrictQuery(text, DEV);
  return JSON.stringify(runQuery(queryString, EVENTS).results);
}

function expectNoEksWork(text: string): string {
  const out = asDev(text);
  expect(out).not.toContain('eks-work');
  expect(out).not.toContain('secret order');
  return out;
}

describe('restrictQuery', () => {
  it('leaves a cluster-wide reader’s query as written', () => {
    expect(restrictQuery('fields @message', { clusterWide: true })).toMatchObject({ queryString: 'fields @message', offset: 0 });
  });

  it('puts the namespace stage before the user’s commands and says how far their text moved', () => {
    const r = restrictQuery('fields @message | limit 5', DEV);
    expect(r.queryString).toBe('filter kubernetes.namespace_name in ["rbac-test-ns"]\n| fields @message | limit 5');
    expect(r.offset).toBe(55);
  });

  it('dev cannot read eks-work logs through stats by namespace', () => {
    expect(asDev('stats count(*) as n by kubernetes.namespace_name')).toBe('[[{"field":"kubernetes.namespace_name","value":"rbac-test-ns"},{"field":"n","value":"3"}]]');
  });

  it('dev cannot read eks-work logs through a filter written after stats (hoisted by the service)', () => {
    expect(asDev('stats count(*) as n | filter kubernetes.namespace_name = "eks-work"')).toBe('[]');
  });

  it('dev cannot read eks-work logs through an or that would widen a concatenated filter', () => {
    expect(asDev('filter kubernetes.namespace_name = "eks-work" or 1 = 1 | stats count(*) as n')).toBe('[[{"field":"n","value":"3"}]]');
  });

  it('dev cannot read eks-work logs through parse of the raw message', () => {
    expect(asDev('parse @message \'"namespace_name":"*"\' as ns | stats count(*) as n by ns')).toBe('[[{"field":"ns","value":"rbac-test-ns"},{"field":"n","value":"3"}]]');
    expectNoEksWork('parse @message /"log":"(?<line>[^"]*)"/ | fields line');
  });

  it('dev cannot read eks-work logs through dedup', () => {
    expect(asDev('fields kubernetes.namespace_name | dedup kubernetes.namespace_name')).toBe(
      '[[{"field":"kubernetes.namespace_name","value":"rbac-test-ns"},{"field":"@ptr","value":"ptr-rbac-test-ns-22"}]]',
    );
  });

  it('dev cannot read eks-work logs through comments', () => {
    expect(asDev('# ]\nfields @message # "eks-work"]\n| filter kubernetes.namespace_name = "eks-work"')).toBe('[]');
    expect(() => restrictQuery('fields @message # x\r| stats count(*) by kubernetes.namespace_name', DEV)).toThrow(
      new QueryRefused('the query contains the control character U+000D at offset 19; remove it'),
    );
    expect(() => restrictQuery('fields @message #\u2028SOURCE logGroups()', DEV)).toThrow(QueryRefused);
  });

  it('dev cannot read eks-work logs through string tricks that close the namespace list', () => {
    expect(() => restrictQuery('"eks-work"] | fields @message', DEV)).toThrow(QueryCompileError);
    expect(() => restrictQuery(', "eks-work"]\n| fields @message', DEV)).toThrow(QueryCompileError);
    expect(() => restrictQuery('filter @message like "\\"] or 1=1 | fields @message', DEV)).toThrow(QueryCompileError);
    expectNoEksWork('filter @message not like "\\"]" | fields @message');
  });

  it('dev cannot read eks-work logs through SOURCE or any command the parser does not know', () => {
    expect(() => restrictQuery('SOURCE logGroups(namePrefix: ["/aws"]) | fields @message', DEV)).toThrow(QueryCompileError);
    expect(() => restrictQuery('fields @message | SOURCE logGroups()', DEV)).toThrow(QueryCompileError);
    expect(() => restrictQuery('filterIndex kubernetes.namespace_name = "eks-work"', DEV)).toThrow(QueryCompileError);
  });

  it('dev cannot read eks-work logs through unnest of the parsed message', () => {
    expectNoEksWork('fields jsonParse(@message) as m | fields m.kubernetes as k | unnest k into v | fields v');
  });

  it('dev cannot read eks-work logs through regular expressions', () => {
    expect(asDev('filter kubernetes.namespace_name =~ /eks-work|rbac/ | stats count(*) as n by kubernetes.namespace_name')).toBe(
      '[[{"field":"kubernetes.namespace_name","value":"rbac-test-ns"},{"field":"n","value":"3"}]]',
    );
    expectNoEksWork('filter @message like /(?i)ERROR|GET/ | fields @message, @logStream');
  });

  it('dev cannot read eks-work logs through backquoted or upper-case spellings', () => {
    expectNoEksWork('FILTER `kubernetes.namespace_name` = "eks-work" | FIELDS @message');
    expectNoEksWork('fields `@message`, `kubernetes.namespace_name` | sort @timestamp asc | limit 100');
  });

  it('dev cannot read records without Kubernetes metadata', () => {
    expect(asDev('filter @message like /plain/ | fields @message')).toBe('[]');
  });

  it('refuses a user with no namespace at all', () => {
    expect(() => restrictQuery('fields @message', { clusterWide: false, namespaces: [] })).toThrow(new QueryRefused('you may not read the logs of any namespace (get pods/log)'));
  });

  it('refuses namespace names that are not DNS labels', () => {
    expect(() => restrictQuery('fields @message', { clusterWide: false, namespaces: ['a"] or 1=1 #'] })).toThrow(QueryRefused);
  });

  it('keeps the seeds’ query with its missing parenthesis', () => {
    const r = restrictQuery('stats count(*) as ERROR_COUNT by kubernetes.container_name as APP\n| filter ( log not like /^\\[/ and (log like /WARN/ or log like /error/) )', DEV);
    expect(JSON.stringify(runQuery(r.queryString, EVENTS).results)).toBe('[[{"field":"APP","value":"nginx"},{"field":"ERROR_COUNT","value":"1"}]]');
  });
});

describe('rowAllowed', () => {
  it('drops a row naming a foreign namespace in the namespace field, its stream or its message', () => {
    expect(rowAllowed([{ field: 'kubernetes.namespace_name', value: 'eks-work' }], DEV)).toBe(false);
    expect(rowAllowed([{ field: '@logStream', value: 'ip-1-application.var.log.containers.api-1_eks-work_api-0a1b.log' }], DEV)).toBe(false);
    expect(rowAllowed([{ field: '@message', value: EVENTS[0].message }], DEV)).toBe(false);
    expect(
      rowAllowed(
        [
          { field: '@message', value: EVENTS[10].message },
          { field: 'kubernetes.namespace_name', value: 'rbac-test-ns' },
        ],
        DEV,
      ),
    ).toBe(true);
    expect(rowAllowed([{ field: 'kubernetes.namespace_name', value: 'eks-work' }], { clusterWide: true })).toBe(true);
  });

  it('reads the namespace of stream names and messages', () => {
    expect(streamNamespace('ip-10-0-1-23-application.var.log.containers.nginx-1_rbac-test-ns_nginx-abc.log')).toBe('rbac-test-ns');
    expect(streamNamespace('fluentd-cloudwatch-x')).toBeUndefined();
    expect(messageNamespace('{"kubernetes":{"namespace_name":"eks-work"}}')).toBe('eks-work');
    expect(messageNamespace('not json')).toBeUndefined();
  });
});
