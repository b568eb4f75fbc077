import { describe, expect, it } from 'vitest';
import { ApiError, toErrorObject } from '../api/client';
import type { ErrorObject } from '../api/types';
import { forbiddenPermission } from './error-view';

describe('toErrorObject', () => {
  it("keeps the console API's error object from an ApiError or a section, and wraps anything else as Internal", () => {
    const error: ErrorObject = { kind: 'TLSError', message: 'self-signed certificate in certificate chain' };
    expect(toErrorObject(new ApiError(error, 502))).toBe(error);
    expect(toErrorObject(error)).toBe(error);
    expect(toErrorObject(new Error('boom'))).toEqual({ kind: 'Internal', message: 'boom' });
  });
});

describe('forbiddenPermission', () => {
  it("spells out what dev's 403 on pods in eks-work is missing, and nothing for other errors", () => {
    const message = 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"';
    expect(forbiddenPermission({ kind: 'Status', message, status: { code: 403, reason: 'Forbidden', message, details: { kind: 'pods' } } })).toEqual({
      verb: 'list',
      resource: 'pods',
      subresource: '',
      group: '',
      namespace: 'eks-work',
      name: '',
      user: 'dev',
    });
    expect(forbiddenPermission({ kind: 'CsrfRejected', message: 'the X-CSRF-Token header is missing' })).toBeUndefined();
    expect(forbiddenPermission({ kind: 'Status', message: 'not found', status: { code: 404, reason: 'NotFound', message: 'pods "x" not found' } })).toBeUndefined();
  });

  it('carries the verbs a refused live list says it needs, from the console error', () => {
    const message = 'pods is forbidden: User "dev" cannot watch resource "pods" in API group "" in the namespace "eks-work"';
    const missing = forbiddenPermission({ kind: 'Status', message, status: { code: 403, reason: 'Forbidden', message }, needed: ['list', 'watch'] });
    expect(missing).toEqual({ verb: 'watch', resource: 'pods', subresource: '', group: '', namespace: 'eks-work', name: '', user: 'dev', needed: ['list', 'watch'] });
  });
});
