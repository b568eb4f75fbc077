import { describe, expect, it } from 'vitest';
import { findResults, JsonPathError } from './jsonpath';

const CERT = {
  spec: { secretName: 'tls', dnsNames: ['a.example.com', 'b.example.com'] },
  status: {
    conditions: [
      { type: 'Issuing', status: 'True' },
      { type: 'Ready', status: 'False', message: 'pending' },
    ],
  },
};

describe('printer column JSONPath', () => {
  it('follows fields, indexes and the equality filter printer columns use (cert-manager Ready column)', () => {
    expect(findResults(CERT, '.spec.secretName')).toEqual(['tls']);
    expect(findResults(CERT, '.spec.dnsNames[1]')).toEqual(['b.example.com']);
    expect(findResults(CERT, '.status.conditions[?(@.type=="Ready")].status')).toEqual(['False']);
    expect(findResults(CERT, '{.status.conditions[*].type}')).toEqual(['Issuing', 'Ready']);
  });

  it('finds nothing on a missing path and refuses syntax it does not know', () => {
    expect(findResults(CERT, '.status.notAfter')).toEqual([]);
    expect(() => findResults(CERT, '.spec.dnsNames[1:2]')).toThrow(JsonPathError);
  });
});
