import { describe, expect, it } from 'vitest';
import { FieldSelectorError, escapeFieldValue, eventFields, fieldSelectorString, matchesFields, parseFieldSelector, podFields, selectableFields, validateFieldSelector } from './field-selector';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FieldSelectorError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

const pods = { group: '', plural: 'pods', namespaced: true };

describe('parseFieldSelector', () => {
  it('reads =, == and != terms, sorted as upstream sorts them', () => {
    expect(parseFieldSelector('status.phase!=Running,metadata.name==web,spec.nodeName=node-1')).toEqual([
      { field: 'metadata.name', operator: '==', value: 'web' },
      { field: 'spec.nodeName', operator: '=', value: 'node-1' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ]);
    expect(parseFieldSelector('')).toEqual([]);
  });

  it('unescapes \\, \\= and \\\\ in values and keeps escaped commas inside one term', () => {
    expect(parseFieldSelector('metadata.name=a\\,b\\=c\\\\d')).toEqual([{ field: 'metadata.name', operator: '=', value: 'a,b=c\\d' }]);
    expect(escapeFieldValue('a,b=c\\d')).toBe('a\\,b\\=c\\\\d');
    expect(fieldSelectorString(parseFieldSelector('metadata.name=a\\,b'))).toBe('metadata.name=a\\,b');
  });

  it('rejects terms without an operator and bad escapes with the API server text', () => {
    expect(errorOf(() => parseFieldSelector('status.phase'))).toBe("invalid selector: 'status.phase'; can't understand 'status.phase'");
    expect(errorOf(() => parseFieldSelector('a=b,c'))).toBe("invalid selector: 'a=b,c'; can't understand 'c'");
    expect(errorOf(() => parseFieldSelector('a=b\\x'))).toBe('invalid field selector: invalid escape sequence: \\x');
    expect(errorOf(() => parseFieldSelector('a=b\\'))).toBe('invalid field selector: invalid escape sequence: \\');
    expect(errorOf(() => parseFieldSelector('a=b=c'))).toBe('invalid field selector: unescaped character in value: 61');
  });
});

describe('validateFieldSelector: the fields each kind supports', () => {
  it('pods accept their fields and map spec.host to spec.nodeName', () => {
    expect(validateFieldSelector(pods, parseFieldSelector('spec.host=n1,status.phase=Running'))).toEqual([
      { field: 'spec.nodeName', operator: '=', value: 'n1' },
      { field: 'status.phase', operator: '=', value: 'Running' },
    ]);
  });

  it('an unsupported pod field is "field label not supported"', () => {
    expect(errorOf(() => validateFieldSelector(pods, parseFieldSelector('foo=bar')))).toBe('field label not supported: foo');
  });

  it('nodes do not take metadata.namespace', () => {
    expect(errorOf(() => validateFieldSelector({ group: '', plural: 'nodes' }, parseFieldSelector('metadata.namespace=x')))).toBe('field label not supported: metadata.namespace');
  });

  it('jobs word the error their own way', () => {
    expect(errorOf(() => validateFieldSelector({ group: 'batch', plural: 'jobs' }, parseFieldSelector('status.active=1')))).toBe('field label "status.active" not supported for batchv1.Job');
  });

  it('kinds without a conversion func accept only the metadata fields', () => {
    expect(errorOf(() => validateFieldSelector({ group: 'apps', plural: 'deployments' }, parseFieldSelector('status.replicas=1')))).toBe(
      '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(validateFieldSelector({ group: 'apps', plural: 'deployments' }, parseFieldSelector('metadata.name=x'))).toHaveLength(1);
  });
});

describe('selectable fields and matching', () => {
  const pod = {
    metadata: { name: 'web-1', namespace: 'eks-work' },
    spec: { nodeName: 'node-1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
    status: { phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }] },
  };

  it('podFields gives every field the API server sets', () => {
    expect(podFields(pod)).toEqual({
      'metadata.name': 'web-1',
      'metadata.namespace': 'eks-work',
      'spec.nodeName': 'node-1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.5',
      'status.nominatedNodeName': '',
    });
  });

  it('matches = and !=, treating a missing field as empty', () => {
    const f = podFields(pod);
    expect(matchesFields(parseFieldSelector('status.phase=Running,spec.nodeName=node-1'), f)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase!=Running'), f)).toBe(false);
    expect(matchesFields(parseFieldSelector('spec.nodeName='), podFields({ metadata: { name: 'p', namespace: 'n' } }))).toBe(true);
    expect(matchesFields(parseFieldSelector('status.podIPs=10.0.0.5'), f)).toBe(false);
  });

  it('event source falls back to reportingComponent', () => {
    const fields = eventFields({
      metadata: { name: 'e', namespace: 'eks-work' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'eks-work' },
      reason: 'BackOff',
      type: 'Warning',
      reportingComponent: 'kubelet',
      source: {},
    });
    expect([fields.source, fields['involvedObject.kind'], fields.type]).toEqual(['kubelet', 'Pod', 'Warning']);
  });

  it('jobs select on status.successful from status.succeeded', () => {
    expect(selectableFields({ group: 'batch', plural: 'jobs', namespaced: true }, { metadata: { name: 'j', namespace: 'n' }, status: { succeeded: 3 } })['status.successful']).toBe('3');
  });
});
