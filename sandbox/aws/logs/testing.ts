/** Test helpers for the CloudWatch Logs endpoint. */

export interface AwsFailure {
  name: string;
  message: string;
  queryCompileError?: unknown;
  $metadata: { httpStatusCode?: number };
}

/** The error an SDK call must fail with; a call that succeeds fails the test. */
export const failure = (call: Promise<unknown>): Promise<AwsFailure> =>
  call.then(
    () => {
      throw new Error('the call succeeded');
    },
    (e: unknown) => e as AwsFailure,
  );
