import { Aws, Fn, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { type Construct } from 'constructs';
import { AppRunnerBackend } from '../constructs/apprunner-backend';
import { ContainerRepository } from '../constructs/container-repository';
import { Database } from '../constructs/database';
import { Network } from '../constructs/network';
import { SpaSite } from '../constructs/spa-site';
import { acknowledge } from '../nag';
import { extraOutput, workflowOutput } from '../outputs';
import { ExampleStack, type ExampleStackProps } from './example-stack';

/**
 * Example 1, examples/dotnet-apprunner-react-postgres: .NET API on App Runner, React SPA on
 * S3 + CloudFront, PostgreSQL, the reusable workflow deploy.yml (and rollback.yml).
 */
export class NotesStack extends ExampleStack {
  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id, props);
    const env = this.githubEnvironment;
    const repository = new ContainerRepository(this, 'Api', {
      repositoryName: 'notes-api',
      keepImages: 30,
    });
    const network = new Network(this, 'Network');
    const appSecretName = `notes/${env}`;
    const backend = new AppRunnerBackend(this, 'Backend', {
      serviceName: 'notes-api',
      repository: repository.repository,
      accessRoleName: 'notes-apprunner-ecr-access',
      instanceRoleName: 'notes-apprunner-instance',
      vpc: network.vpc,
    });
    const database = new Database(this, 'Database', {
      engine: 'postgres',
      vpc: network.vpc,
      secretName: `notes/${env}/db`,
      databaseName: 'notes',
      allowFrom: [backend.connectorSecurityGroup!],
    });
    // The API reads DATABASE_URL from the application secret; CloudFormation fills it from the
    // master secret by dynamic reference, so no password is in the template.
    const field = (key: string): string =>
      SecretValue.secretsManager(database.secret.secretArn, { jsonField: key }).unsafeUnwrap();
    const appSecret = new secretsmanager.Secret(this, 'AppSecret', {
      secretName: appSecretName,
      description: 'notes-api runtime secrets (DATABASE_URL)',
      secretObjectValue: {
        DATABASE_URL: SecretValue.unsafePlainText(
          Fn.join('', [
            'postgresql://',
            field('username'),
            ':',
            field('password'),
            '@',
            database.instance.dbInstanceEndpointAddress,
            ':',
            database.instance.dbInstanceEndpointPort,
            '/notes',
          ]),
        ),
      },
    });
    appSecret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    acknowledge(
      appSecret,
      'AwsSolutions-SMG4',
      'DATABASE_URL is derived from the master secret by CloudFormation; rotating it means rotating the master secret and updating the stack.',
    );
    appSecret.grantRead(backend.instanceRole);
    const site = new SpaSite(this, 'Site', { spaFallback: true });

    const role = this.deployRole('notes-deploy', [
      {
        file: 'deploy',
        statements: [
          'BuildEcrLogin',
          'BuildRepositorySettings',
          'BuildPushAndPromote',
          'MigrateDatabaseSecret',
          'AppRunnerFindServiceByName',
          'AppRunnerDeployService',
          'AppRunnerAutoScalingConfigurations',
          'AppRunnerPassServiceRoles',
          'SiteListSite',
          'SitePublishSite',
          'CdnFindDistributionByAlias',
          'CdnInvalidate',
        ],
        values: {
          REPOSITORY: repository.repositoryName,
          SECRET_NAME: `notes/${env}/db`,
          SERVICE_NAME: backend.serviceName,
          APPRUNNER_ECR_ACCESS_ROLE: backend.accessRole.roleName,
          APPRUNNER_INSTANCE_ROLE: backend.instanceRole.roleName,
          BUCKET: site.bucket.bucketName,
          DISTRIBUTION_ID: site.distribution.distributionId,
        },
      },
    ]).roles[env]!;

    workflowOutput(
      this,
      'role-to-assume',
      role.roleArn,
      'The role the workflow assumes (GitHub OIDC, this environment only)',
    );
    workflowOutput(this, 'aws-region', Aws.REGION, 'The region of this stack');
    workflowOutput(
      this,
      'ecr-repository',
      repository.repositoryName,
      'ECR repository of the API image',
    );
    workflowOutput(
      this,
      'ecr-repository',
      repository.repository.repositoryUri,
      'ECR repository URI (rollback.yml)',
      'rollback',
    );
    workflowOutput(
      this,
      'service',
      backend.serviceName,
      'App Runner service name: the first deploy-apprunner run creates the service (it needs the image that run builds)',
    );
    workflowOutput(
      this,
      'access-role-arn',
      backend.accessRole.roleArn,
      'App Runner ECR access role',
    );
    workflowOutput(
      this,
      'runtime-secrets',
      `DATABASE_URL=${appSecret.secretArn}:DATABASE_URL::`,
      'runtime-secrets line of the application secret',
    );
    workflowOutput(
      this,
      'database-secret-id',
      `notes/${env}/db`,
      'Secrets Manager secret of the database master credentials',
    );
    workflowOutput(this, 'bucket', site.bucket.bucketName, 'SPA bucket (private, CloudFront only)');
    workflowOutput(
      this,
      'distribution-id',
      site.distribution.distributionId,
      'CloudFront distribution of the SPA',
    );
    workflowOutput(
      this,
      'site-url',
      site.siteUrl,
      'URL of the site (your domain once domainNames and a certificate are set)',
    );
    extraOutput(
      this,
      'instance-role-arn',
      backend.instanceRole.roleArn,
      'App Runner instance role that may read the runtime secrets (deploy-apprunner instance-role-arn; deploy.yml has no such input yet)',
    );
    extraOutput(
      this,
      'vpc-connector-arn',
      backend.vpcConnector!.attrVpcConnectorArn,
      'App Runner VPC connector that reaches the database (deploy-apprunner vpc-connector-arn; deploy.yml has no such input yet)',
    );
  }
}
