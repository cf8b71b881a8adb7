import { Cron, type StackContext, use } from 'sst/constructs';
import { sharedEnvironment } from './environment.ts';
import { SecretsStack } from './secrets.ts';

/** Scheduled functions replace worker processes: the job queue runner and the realtime session sweep. */
export function JobsStack({ stack }: StackContext) {
  const { secrets } = use(SecretsStack);
  const fn = (handler: string) => ({
    function: {
      handler,
      bind: secrets,
      environment: sharedEnvironment(stack),
      timeout: '55 seconds' as const,
    },
  });
  new Cron(stack, 'jobs', { schedule: 'rate(1 minute)', job: fn('functions/jobs/index.handler') });
  new Cron(stack, 'realtime-sweep', {
    schedule: 'rate(1 minute)',
    job: fn('functions/realtime/sweep.handler'),
  });
}
