import { describe, expect, it } from 'vitest';
import { ApiError, toErrorObject } from '../api/client';
import type { ErrorObject } from '../api/types';
import { forbiddenPermission, presentError } from './error-view';

describe('presentError', () => {
  it("titles a Status error with the API server's code and reason", () => {
    const forbidden = 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"';
    expect(presentError({ kind: 'Status', message: forbidden, status: { code: 403, reason: 'Forbidden', message: forbidden } })).toEqual({
      title: '403 Forbidden',
    });
  });

  it('offers signing in again for Unauthorized and SignInRequired only', () => {
    expect(presentError({ kind: 'Unauthorized', message: 'Unauthorized' }).signIn).toBe(true);
    expect(presentError({ kind: 'SignInRequired', message: 'sign in first' }).signIn).toBe(true);
    expect(presentError({ kind: 'ClusterUnreachable', message: 'connect ECONNREFUSED 127.0.0.1:6443' })).toEqual({
      title: 'Cluster unreachable',
      hint: 'Watchdeck could not connect to the API server.',
    });
  });

  it("titles an AWS error by the service's error name, and the console's own refusals as such", () => {
    const aws: ErrorObject = {
      kind: 'AwsError',
      message: 'MalformedQueryException: unexpected symbol',
      aws: { name: 'MalformedQueryException', httpStatus: 400 },
    };
    expect(presentError(aws)).toEqual({ title: 'MalformedQueryException' });
    expect(presentError({ kind: 'AwsUnreachable', message: 'connect ECONNREFUSED' }).title).toBe('AWS unreachable');
    expect(presentError({ kind: 'Forbidden', message: 'only the owner may delete a dashboard' }).title).toBe('Not allowed');
    expect(presentError({ kind: 'Internal', message: 'internal error' }).title).toBe('Internal error');
    expect(presentError({ kind: 'PayloadTooLarge', message: 'the request body is larger than 2 MiB, the most POST /api/v1/dashboards takes' }).title).toBe('Request too large');
    expect(presentError({ kind: 'URITooLong', message: 'the query string is longer than 16 KiB, the most the console API takes' }).title).toBe('Address too long');
  });
});

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
      verb: 'list', resource: 'pods', subresource: '', group: '', namespace: 'eks-work', name: '', user: 'dev',
    });
    expect(forbiddenPermission({ kind: 'CsrfRejected', message: 'the X-CSRF-Token header is missing' })).toBeUndefined();
    expect(forbiddenPermission({ kind: 'Status', message: 'not found', status: { code: 404, reason: 'NotFound', message: 'pods "x" not found' } })).toBeUndefined();
  });
});
