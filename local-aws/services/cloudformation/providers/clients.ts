import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';

/**
 * SDK clients for the stack's own services: CloudFormation creates resources through their
 * APIs over HTTP, as it does on AWS, so each service validates them as it would for any caller.
 */
export interface Clients {
  s3: S3Client;
  cloudfront: CloudFrontClient;
  ecr: ECRClient;
  ecs: ECSClient;
  logs: CloudWatchLogsClient;
  secrets: SecretsManagerClient;
  ssm: SSMClient;
  apprunner: AppRunnerClient;
  destroy(): void;
}

export function createClients(endpoint: string, region: string): Clients {
  const config = {
    endpoint,
    region,
    // The stack routes by the signing scope and accepts any key: this one names the caller.
    credentials: { accessKeyId: 'AKIACLOUDFORMATION01', secretAccessKey: 'cloudformation' },
    maxAttempts: 2,
  };
  const clients = {
    s3: new S3Client({ ...config, forcePathStyle: true }),
    cloudfront: new CloudFrontClient(config),
    ecr: new ECRClient(config),
    ecs: new ECSClient(config),
    logs: new CloudWatchLogsClient(config),
    secrets: new SecretsManagerClient(config),
    ssm: new SSMClient(config),
    apprunner: new AppRunnerClient(config),
  };
  return {
    ...clients,
    destroy: () => Object.values(clients).forEach((client) => client.destroy()),
  };
}
