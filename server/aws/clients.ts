import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { config, DEFAULT_CONNECTION_LIMITS, DEFAULT_TIMEOUTS, type AwsConfig, type ConnectionLimits } from '../config';
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

interface AwsClients {
  key: string;
  logs: CloudWatchLogsClient;
  cloudWatch: CloudWatchClient;
}

const cache = globalThis as unknown as { __watchdeckAws?: AwsClients };

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

/** Kept-alive connections, bounded as the API servers' are; http for an endpoint on plain HTTP (the sandbox's). */
function agents(limits: ConnectionLimits) {
  const options = { keepAlive: true, maxSockets: limits.maxSockets, maxFreeSockets: limits.maxFreeSockets, timeout: limits.idleMs };
  return { httpAgent: new http.Agent(options), httpsAgent: new https.Agent(options) };
}

/**
 * One client per service for the region and the one credential source (the SDK's default chain),
 * reused by every call so consecutive calls ride the same connection.
 */
function clients(): AwsClients {
  const aws = awsConfig();
  const options = clientOptions(aws);
  const limits = config().connections ?? DEFAULT_CONNECTION_LIMITS;
  const key = JSON.stringify([options, limits]);
  if (cache.__watchdeckAws?.key !== key) {
    // Closes the old clients' kept connections: a changed endpoint or region is not reached through them again.
    cache.__watchdeckAws?.logs.destroy();
    cache.__watchdeckAws?.cloudWatch.destroy();
    const logs = new CloudWatchLogsClient({ ...options, requestHandler: { ...options.requestHandler, ...agents(limits) } });
    const cloudWatch = new CloudWatchClient({ ...options, requestHandler: { ...options.requestHandler, ...agents(limits) } });
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
