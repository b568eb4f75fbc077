import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { awsErrorAnswer } from './faults';

const request = (headers: IncomingMessage['headers']) => ({ headers }) as IncomingMessage;

describe('AWS error answers in the request’s protocol', () => {
  it('answers a CloudWatch query-protocol request with an XML ErrorResponse carrying the awsQuery code', () => {
    const answer = awsErrorAnswer(request({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }), { code: 429, awsError: 'ThrottlingException', retryAfterSeconds: 2 });
    const id = answer.headers['x-amzn-RequestId'];
    expect(answer).toEqual({
      status: 400,
      headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': id, 'Retry-After': '2' },
      body: `<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
    });
  });

  it('answers a CloudWatch JSON request in awsJson1_0 with x-amzn-query-error', () => {
    const answer = awsErrorAnswer(request({ 'x-amz-target': 'GraniteServiceVersion20100801.DescribeAlarms', 'content-type': 'application/x-amz-json-1.0' }), { code: 503 });
    expect([answer.status, answer.headers['Content-Type'], answer.headers['x-amzn-query-error'], answer.body]).toEqual([
      503,
      'application/x-amz-json-1.0',
      'ServiceUnavailable;Receiver',
      '{"__type":"ServiceUnavailable","message":"The request has failed due to a temporary failure of the server."}',
    ]);
  });
});
