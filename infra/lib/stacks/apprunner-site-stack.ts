import { Aws } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { type Construct } from 'constructs';
import { AppRunnerBackend } from '../constructs/apprunner-backend';
import { ContainerRepository } from '../constructs/container-repository';
import { Database, type DatabaseEngine } from '../constructs/database';
import { Network } from '../constructs/network';
import { SpaSite } from '../constructs/spa-site';
import { extraOutput, workflowOutput } from '../outputs';
import { ExampleStack, type ExampleStackProps } from './example-stack';

export interface AppRunnerSiteConfig {
  /** The application's name: notes-api, notes-deploy, notes/production/db... */
  readonly app: string;
  readonly engine: DatabaseEngine;
  /** The SPA answers client-side routes (SPA fallback). */
  readonly spaFallback: boolean;
}

/**
 * What examples 1 and 2 share: an API on App Runner (repository, roles, VPC connector), its
 * database in isolated subnets, the SPA site, and the deploy role with the root action's /
 * reusable workflow's statements for those parts.
 */
export abstract class AppRunnerSiteStack extends ExampleStack {
  readonly repository: ContainerRepository;
  readonly backend: AppRunnerBackend;
  readonly database: Database;
  readonly site: SpaSite;
  readonly deployRoleOfEnvironment: iam.Role;
  readonly databaseSecretName: string;

  protected constructor(
    scope: Construct,
    id: string,
    props: ExampleStackProps,
    config: AppRunnerSiteConfig,
  ) {
    super(scope, id, props);
    const env = this.githubEnvironment;
    this.repository = new ContainerRepository(this, 'Api', {
      repositoryName: `${config.app}-api`,
      keepImages: 30,
    });
    const network = new Network(this, 'Network');
    this.backend = new AppRunnerBackend(this, 'Backend', {
      serviceName: `${config.app}-api`,
      repository: this.repository.repository,
      accessRoleName: `${config.app}-apprunner-ecr-access`,
      instanceRoleName: `${config.app}-apprunner-instance`,
      vpc: network.vpc,
    });
    this.databaseSecretName = `${config.app}/${env}/db`;
    this.database = new Database(this, 'Database', {
      engine: config.engine,
      vpc: network.vpc,
      secretName: this.databaseSecretName,
      databaseName: config.app,
      allowFrom: [this.backend.connectorSecurityGroup!],
    });
    this.site = new SpaSite(this, 'Site', { spaFallback: config.spaFallback });
    this.deployRoleOfEnvironment = this.deployRole(`${config.app}-deploy`, [
      {
        file: 'deploy',
        statements: [
          'BuildEcrLogin',
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
          REPOSITORY: this.repository.repositoryName,
          SECRET_NAME: this.databaseSecretName,
          SERVICE_NAME: this.backend.serviceName,
          APPRUNNER_ECR_ACCESS_ROLE: this.backend.accessRole.roleName,
          APPRUNNER_INSTANCE_ROLE: this.backend.instanceRole.roleName,
          BUCKET: this.site.bucket.bucketName,
          DISTRIBUTION_ID: this.site.distribution.distributionId,
        },
      },
    ]).roles[env]!;

    workflowOutput(
      this,
      'role-to-assume',
      this.deployRoleOfEnvironment.roleArn,
      'The role the workflow assumes (GitHub OIDC, this environment only)',
    );
    workflowOutput(this, 'aws-region', Aws.REGION, 'The region of this stack');
    workflowOutput(
      this,
      'service',
      this.backend.serviceName,
      'App Runner service name: the first deploy-apprunner run creates the service (it needs the image that run builds)',
    );
    workflowOutput(
      this,
      'access-role-arn',
      this.backend.accessRole.roleArn,
      'App Runner ECR access role',
    );
    workflowOutput(
      this,
      'database-secret-id',
      this.databaseSecretName,
      'Secrets Manager secret of the database master credentials',
    );
    workflowOutput(
      this,
      'bucket',
      this.site.bucket.bucketName,
      'SPA bucket (private, CloudFront only)',
    );
    workflowOutput(
      this,
      'distribution-id',
      this.site.distribution.distributionId,
      'CloudFront distribution of the SPA',
    );
    workflowOutput(
      this,
      'site-url',
      this.site.siteUrl,
      'URL of the site (your domain once domainNames and a certificate are set)',
    );
    extraOutput(
      this,
      'instance-role-arn',
      this.backend.instanceRole.roleArn,
      'App Runner instance role that may read the runtime secrets (deploy-apprunner instance-role-arn)',
    );
    extraOutput(
      this,
      'vpc-connector-arn',
      this.backend.vpcConnector!.attrVpcConnectorArn,
      'App Runner VPC connector that reaches the database (deploy-apprunner vpc-connector-arn)',
    );
  }
}
