import { SECRET_NAMES } from '@scip/config/secret-names';
import { Config, type StackContext } from 'sst/constructs';

/**
 * Every secret of the platform, stored encrypted in SSM by `npx sst secrets set NAME VALUE --stage S`.
 * Functions bind them; packages/config copies bound values into the environment at cold start
 * (packages/config/src/bound-secrets.ts), so one zod schema validates local and deployed runs.
 */
export function SecretsStack({ stack }: StackContext) {
  const secrets = SECRET_NAMES.map((name) => new Config.Secret(stack, name));
  return { secrets };
}
