import 'server-only';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { config, DEFAULT_TIMEOUTS, type AwsConfig } from '../config';
import { ConsoleError } from '../errors';
import { countAwsRequests } from '../observability/aws-metrics';

/**
 * Watchdeck's AWS clients. Their identity is shared by every user (the SDK's default chain:
 * environment, profile, IRSA or instance role), so what a user may see through them is
 * decided by Watchdeck from the user's Kubernetes permissions, never by AWS.
 */
export function awsConfig(): AwsConfig {
  const aws = config().aws;
  if (!aws) {
    throw new ConsoleError('AwsNotConfigured', 503, 'AWS is not configured: set AWS_REGION (and credentials the AWS SDK finds) to use CloudWatch');
  }
  return aws;
}

export function awsConfigured(): boolean {
  return config().aws !== undefined;
}

const cache = globalThis as unknown as { __watchdeckAws?: { key: string; logs: CloudWatchLogsClient; cloudWatch: CloudWatchClient } };

/**
 * The SDK's three tries (its default), each bounded: connecting within the connect timeout, the
 * answer's head within the answer timeout and no pause in its body longer than that, so a call
 * settles within three of them plus the SDK's backoff between tries.
 */
function clientOptions(aws: AwsConfig) {
  const { connectMs, responseMs } = config().timeouts ?? DEFAULT_TIMEOUTS;
  return {
    region: aws.region,
    ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: connectMs, requestTimeout: responseMs, throwOnRequestTimeout: true, socketTimeout: responseMs },
  };
}

function clients() {
  const aws = awsConfig();
  const options = clientOptions(aws);
  const key = JSON.stringify(options);
  if (cache.__watchdeckAws?.key !== key) {
    const logs = new CloudWatchLogsClient(options);
    const cloudWatch = new CloudWatchClient(options);
    countAwsRequests(logs.middlewareStack, 'CloudWatchLogs');
    countAwsRequests(cloudWatch.middlewareStack, 'CloudWatch');
    cache.__watchdeckAws = { key, logs, cloudWatch };
  }
  return cache.__watchdeckAws;
}

export function logsClient(): CloudWatchLogsClient {
  return clients().logs;
}

export function cloudWatchClient(): CloudWatchClient {
  return clients().cloudWatch;
}
