import 'server-only';
import { awsRequestTimer } from './metrics';

interface Metadata {
  $metadata?: { httpStatusCode?: number };
}

type Handler<A, O extends Metadata> = (args: A) => Promise<{ output: O; response: unknown }>;

/** The part of an AWS SDK client's middleware stack this module uses. */
export interface AwsMiddlewareStack<A, O extends Metadata> {
  add(middleware: (next: Handler<A, O>, context: { commandName?: string }) => Handler<A, O>, options: { step: 'initialize'; name: string }): void;
}

/** Counts and times every operation of a client, its retries included, by its command's name. */
export function countAwsRequests<A, O extends Metadata>(stack: AwsMiddlewareStack<A, O>, service: string): void {
  stack.add(
    (next, context) => async (args) => {
      const done = awsRequestTimer(service, (context.commandName ?? 'unknown').replace(/Command$/, ''));
      try {
        const result = await next(args);
        done(result.output.$metadata?.httpStatusCode ?? 'error');
        return result;
      } catch (err) {
        done((err as Metadata | undefined)?.$metadata?.httpStatusCode ?? 'error');
        throw err;
      }
    },
    { step: 'initialize', name: 'watchdeckRequestMetrics' },
  );
}
