import type { SSTConfig } from 'sst';
import { ApiStack } from './infra/api.ts';
import { JobsStack } from './infra/jobs.ts';
import { MqttStack } from './infra/mqtt.ts';
import { SecretsStack } from './infra/secrets.ts';

/**
 * SST v2 (CDK). Stacks in dependency order: secrets → API (one Lambda per function) → scheduled
 * jobs → the IoT Core custom authorizer for the managed MQTT broker.
 * `npx sst deploy --stage <stage>` needs AWS credentials and network; nothing here runs offline.
 */
export default {
  config() {
    return { name: 'scip-v2', region: process.env.AWS_REGION ?? 'eu-west-1' };
  },
  stacks(app) {
    app.setDefaultFunctionProps({
      runtime: 'nodejs20.x',
      architecture: 'arm_64',
      tracing: 'active',
      logRetention: 'one_month',
      nodejs: { format: 'esm', install: ['@node-rs/argon2'] },
    });
    app.stack(SecretsStack).stack(ApiStack).stack(JobsStack).stack(MqttStack);
  },
} satisfies SSTConfig;
