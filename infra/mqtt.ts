import { aws_iam as iam, aws_iot as iot } from 'aws-cdk-lib';
import { Function as SstFunction, type StackContext, use } from 'sst/constructs';
import { sharedEnvironment } from './environment.ts';
import { SecretsStack } from './secrets.ts';

/**
 * AWS IoT Core custom authorizer: devices connect with username + base64 access token as password;
 * the function verifies the JWT with the API's own code and returns a policy derived from the same
 * topic-policy function the local Mosquitto adapter uses.
 */
export function MqttStack({ stack }: StackContext) {
  const { secrets } = use(SecretsStack);
  const authorizerFn = new SstFunction(stack, 'mqtt-authorizer', {
    handler: 'functions/mqtt-authorizer/index.handler',
    bind: secrets,
    environment: sharedEnvironment(stack),
    timeout: '5 seconds',
  });
  const authorizer = new iot.CfnAuthorizer(stack, 'MqttAuthorizer', {
    authorizerName: `${stack.stackName}-jwt`,
    authorizerFunctionArn: authorizerFn.functionArn,
    signingDisabled: true,
    status: 'ACTIVE',
  });
  authorizerFn.addPermission('iot-invoke', {
    principal: new iam.ServicePrincipal('iot.amazonaws.com'),
    sourceArn: authorizer.attrArn,
  });
  stack.addOutputs({ MqttAuthorizerName: authorizer.authorizerName ?? '' });
}
