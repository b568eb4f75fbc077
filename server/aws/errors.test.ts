import { describe, expect, it } from 'vitest';
import { awsConsoleError } from './errors';

/** An SDK service exception as the v3 clients throw it. */
function serviceError(name: string, message: string, httpStatusCode: number, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode, requestId: 'r-1' }, ...extra });
}

describe('awsConsoleError', () => {
  it("CloudWatch's query-protocol Throttling and EC2-style RequestLimitExceeded are Throttled with 5 s to wait", () => {
    for (const name of ['Throttling', 'RequestLimitExceeded', 'TooManyRequestsException']) {
      const err = awsConsoleError(serviceError(name, 'Rate exceeded', 400))!;
      expect([err.kind, err.httpStatus, err.message, err.detail, err.aws]).toEqual(['Throttled', 429, `${name}: Rate exceeded`, { retryAfterSeconds: 5 }, { name, httpStatus: 400, requestId: 'r-1' }]);
    }
  });

  it("CloudWatch's InvalidClientTokenId (403) is AwsCredentialsInvalid 502 with AWS's message", () => {
    const err = awsConsoleError(serviceError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403))!;
    expect([err.kind, err.httpStatus, err.message]).toEqual(['AwsCredentialsInvalid', 502, 'InvalidClientTokenId: The security token included in the request is invalid.']);
  });

  it('keeps any other service error as AwsError with its status and modelled members', () => {
    const err = awsConsoleError(serviceError('ResourceNotFoundException', 'The specified log group does not exist.', 400, { resourceName: 'g' }))!;
    expect(err.toJSON()).toEqual({
      kind: 'AwsError',
      message: 'ResourceNotFoundException: The specified log group does not exist.',
      aws: { name: 'ResourceNotFoundException', httpStatus: 400, requestId: 'r-1', members: { resourceName: 'g' } },
    });
    expect(awsConsoleError(serviceError('InternalFailure', 'oops', 500))!.httpStatus).toBe(502);
  });

  it("is undefined for an error that is not AWS's", () => {
    expect(awsConsoleError(new Error('boom'))).toBeUndefined();
  });
});
