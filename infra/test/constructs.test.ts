import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AppRunnerBackend } from '../lib/constructs/apprunner-backend';
import { ContainerRepository } from '../lib/constructs/container-repository';
import { Database } from '../lib/constructs/database';
import { EcsExpressBackend } from '../lib/constructs/ecs-express-backend';
import { GitHubDeployRole } from '../lib/constructs/github-deploy-role';
import { Network } from '../lib/constructs/network';
import { SpaSite } from '../lib/constructs/spa-site';
import { acknowledgeWildcards } from '../lib/nag-iam';
import * as iam from 'aws-cdk-lib/aws-iam';

// Each construct in a small stack of its own, each stack synthesized once (Template.fromStack).

const app = new App({ builtinCloudFormationValidation: false });
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab';

function stack(name: string): Stack {
  return new Stack(app, name, { env: { account: '123456789012', region: 'eu-west-1' } });
}

const roleStack = stack('Roles');
const repo = new ContainerRepository(roleStack, 'Repo', {
  repositoryName: 'my-app/api',
  keepImages: 7,
  mutableTags: false,
});
const roles = new GitHubDeployRole(roleStack, 'Deploy', {
  repository: 'my-org/my-app',
  environments: ['staging', 'production'],
  roleNames: { production: 'my-app-deploy' },
  policies: [
    {
      file: 'build-push-ecr',
      statements: ['EcrLogin', 'PushAndPromote'],
      values: { REPOSITORY: repo.repositoryName },
    },
  ],
});
const importedStack = stack('Imported');
new GitHubDeployRole(importedStack, 'Deploy', {
  repository: 'my-org/my-app',
  environments: ['production'],
  oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
  policies: [
    { file: 'sync-spa-s3', statements: ['ListSite', 'PublishSite'], values: { BUCKET: 'my-site' } },
  ],
});
const siteStack = stack('Site');
new SpaSite(siteStack, 'Site', {
  bucketName: 'my-site-bucket',
  domainNames: ['www.example.com'],
  certificateArn: CERT,
});
const staticStack = stack('StaticSite');
new SpaSite(staticStack, 'Site', { spaFallback: false, accessLogs: false });
const backendStack = stack('Backends');
const network = new Network(backendStack, 'Network');
const apprunner = new AppRunnerBackend(backendStack, 'AppRunner', {
  serviceName: 'my-api',
  repository: new ContainerRepository(backendStack, 'Repo', { repositoryName: 'my-api' })
    .repository,
  vpc: network.vpc,
});
new EcsExpressBackend(backendStack, 'Express', { clusterName: 'my-cluster', repositories: [] });
const migration = new ec2.SecurityGroup(backendStack, 'Migration', { vpc: network.vpc });
new Database(backendStack, 'Database', {
  engine: 'mysql',
  vpc: network.vpc,
  secretName: 'my-app/db',
  databaseName: 'myapp',
  allowFrom: [apprunner.connectorSecurityGroup!, migration],
});

const roleTemplate = Template.fromStack(roleStack);
const importedTemplate = Template.fromStack(importedStack);
const siteTemplate = Template.fromStack(siteStack);
const staticTemplate = Template.fromStack(staticStack);
const backendTemplate = Template.fromStack(backendStack);

describe('GitHubDeployRole', () => {
  it('creates the GitHub OIDC provider for sts.amazonaws.com', () => {
    roleTemplate.hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it("one role per environment, trusting exactly aud sts.amazonaws.com and that environment's subject", () => {
    for (const environment of ['staging', 'production'])
      roleTemplate.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Action: 'sts:AssumeRoleWithWebIdentity',
              Effect: 'Allow',
              Condition: {
                StringEquals: {
                  'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                  'token.actions.githubusercontent.com:sub': `repo:my-org/my-app:environment:${environment}`,
                },
              },
            },
          ],
        },
      });
    expect(Object.keys(roleTemplate.findResources('AWS::IAM::Role'))).toHaveLength(2);
    expect(Object.keys(roles.roles).sort()).toEqual(['production', 'staging']);
    roleTemplate.hasResourceProperties('AWS::IAM::Role', { RoleName: 'my-app-deploy' });
  });

  it("has exactly the chosen statements of iam/policies/, scoped to this stack's ARNs", () => {
    roleTemplate.hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyDocument: {
            Statement: [
              { Sid: 'EcrLogin', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
              Match.objectLike({
                Sid: 'PushAndPromote',
                Resource: {
                  'Fn::Join': [
                    '',
                    [
                      'arn:aws:ecr:',
                      { Ref: 'AWS::Region' },
                      ':',
                      { Ref: 'AWS::AccountId' },
                      ':repository/',
                      { Ref: Match.stringLikeRegexp('^RepoRepository') },
                    ],
                  ],
                },
              }),
            ],
          },
        },
      ],
    });
  });

  it('uses an imported provider without creating one', () => {
    importedTemplate.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    importedTemplate.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: {
              Federated:
                'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
            },
          }),
        ],
      },
      Policies: [
        {
          PolicyDocument: {
            Statement: [
              Match.objectLike({ Sid: 'ListSite', Resource: 'arn:aws:s3:::my-site' }),
              Match.objectLike({ Sid: 'PublishSite', Resource: 'arn:aws:s3:::my-site/*' }),
            ],
          },
        },
      ],
    });
  });

  it.each([
    [{ repository: 'my-app' }, /props\.repository "my-app" is not valid: use OWNER\/REPO/],
    [{ environments: [] }, /props\.environments is empty/],
    [{ environments: ['prod*'] }, /props\.environments "prod\*" is not valid/],
    [{ roleNames: { qa: 'x' } }, /props\.roleNames names "qa"/],
    [
      { policies: [{ file: 'sync-spa-s3', statements: ['Nope'], values: {} }] },
      /statements: Nope not in iam\/policies\/sync-spa-s3\.json/,
    ],
    [
      { policies: [{ file: 'sync-spa-s3', statements: ['ListSite'], values: {} }] },
      /values\.BUCKET: statement ListSite/,
    ],
  ] as const)('rejects %j naming the prop', (override, message) => {
    const scope = new Stack(new App({ builtinCloudFormationValidation: false }), 'Bad');
    expect(
      () =>
        new GitHubDeployRole(scope, 'Deploy', {
          repository: 'my-org/my-app',
          environments: ['production'],
          policies: [{ file: 'sync-spa-s3', statements: ['ListSite'], values: { BUCKET: 'b' } }],
          ...(override as object),
        }),
    ).toThrow(message);
  });
});

describe('SpaSite', () => {
  it('keeps the bucket private: Block Public Access, encryption, TLS only, owner-enforced objects', () => {
    siteTemplate.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'my-site-bucket',
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    siteTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^SiteBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('serves through Origin Access Control with SPA fallback, HTTP/2 and 3, compression, TLS 1.2 and the alias', () => {
    siteTemplate.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    siteTemplate.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    siteTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['www.example.com'],
        HttpVersion: 'http2and3',
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          Compress: true,
          ViewerProtocolPolicy: 'redirect-to-https',
        }),
        CustomErrorResponses: [
          {
            ErrorCode: 403,
            ResponseCode: 200,
            ResponsePagePath: '/index.html',
            ErrorCachingMinTTL: 0,
          },
          {
            ErrorCode: 404,
            ResponseCode: 200,
            ResponsePagePath: '/index.html',
            ErrorCachingMinTTL: 0,
          },
        ],
        ViewerCertificate: {
          AcmCertificateArn: CERT,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('adds HSTS, nosniff, frame options and a referrer policy', () => {
    siteTemplate.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 31536000,
            IncludeSubdomains: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      }),
    });
  });

  it('turns the fallback and the logs off when asked', () => {
    const config = Object.values(staticTemplate.findResources('AWS::CloudFront::Distribution'))[0]!
      .Properties.DistributionConfig;
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.Logging).toBeUndefined();
    staticTemplate.resourceCountIs('AWS::S3::Bucket', 1);
  });

  it.each([
    [
      { domainNames: ['www.example.com'] },
      /props\.certificateArn is required when props\.domainNames is set/,
    ],
    [
      { domainNames: ['www.example.com'], certificateArn: CERT.replace('us-east-1', 'eu-west-1') },
      /props\.certificateArn .* us-east-1/,
    ],
    [{ bucketName: 'My_Bucket' }, /props\.bucketName "My_Bucket" is not valid/],
    [{ logRetentionDays: 0 }, /props\.logRetentionDays is 0/],
  ] as const)('rejects %j naming the prop', (props, message) => {
    expect(
      () =>
        new SpaSite(
          new Stack(new App({ builtinCloudFormationValidation: false }), 'Bad'),
          'Site',
          props,
        ),
    ).toThrow(message);
  });
});

describe('ContainerRepository', () => {
  it('scans on push, keeps the last N images, sets tag mutability and is retained', () => {
    roleTemplate.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        RepositoryName: 'my-app/api',
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
        LifecyclePolicy: { LifecyclePolicyText: Match.stringLikeRegexp('"countNumber":7') },
      }),
    });
  });

  it.each([
    [{ repositoryName: 'My-Repo' }, /props\.repositoryName "My-Repo" is not valid/],
    [{ repositoryName: 'ok', keepImages: 0 }, /props\.keepImages is 0/],
  ] as const)('rejects %j naming the prop', (props, message) => {
    expect(
      () =>
        new ContainerRepository(
          new Stack(new App({ builtinCloudFormationValidation: false }), 'Bad'),
          'Repo',
          props,
        ),
    ).toThrow(message);
  });
});

describe('AppRunnerBackend, EcsExpressBackend, Database', () => {
  it('App Runner: access role for build.apprunner, instance role for tasks.apprunner, a VPC connector', () => {
    backendTemplate.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'build.apprunner.amazonaws.com' } })],
      },
    });
    backendTemplate.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'tasks.apprunner.amazonaws.com' } })],
      },
    });
    backendTemplate.resourceCountIs('AWS::AppRunner::VpcConnector', 1);
    backendTemplate.resourceCountIs('AWS::AppRunner::Service', 0);
  });

  it('Express Mode: cluster, execution role, infrastructure role with the Express policy, log group', () => {
    backendTemplate.hasResourceProperties('AWS::ECS::Cluster', { ClusterName: 'my-cluster' });
    backendTemplate.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'ecs.amazonaws.com' } })],
      },
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices',
            ],
          ],
        },
      ],
    });
    backendTemplate.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })],
      },
    });
    backendTemplate.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/ecs/my-cluster',
      RetentionInDays: 30,
    });
  });

  it('Database: private, encrypted, deletion protection, final snapshot, generated secret, admits only the given groups', () => {
    backendTemplate.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({
        Engine: 'mysql',
        DeletionProtection: true,
        StorageEncrypted: true,
        PubliclyAccessible: false,
        DBName: 'myapp',
      }),
    });
    backendTemplate.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ Name: 'my-app/db' }),
    });
    const ingress = Object.values(
      backendTemplate.findResources('AWS::EC2::SecurityGroupIngress'),
    ).filter((rule) => rule.Properties.FromPort === 3306);
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule.Properties.SourceSecurityGroupId).toBeDefined();
      expect(rule.Properties.CidrIp).toBeUndefined();
    }
  });

  it('Database rejects an empty allowFrom naming the prop', () => {
    const scope = new Stack(new App({ builtinCloudFormationValidation: false }), 'Bad');
    const vpc = new ec2.Vpc(scope, 'Vpc', { restrictDefaultSecurityGroup: false });
    expect(
      () =>
        new Database(scope, 'Db', {
          engine: 'postgres',
          vpc,
          secretName: 's',
          databaseName: 'db',
          allowFrom: [],
        }),
    ).toThrow(/props\.allowFrom is empty/);
  });
});

describe('cdk-nag', () => {
  it('refuses to acknowledge a wildcard resource whose shape has no known reason', () => {
    const scope = new Stack(new App({ builtinCloudFormationValidation: false }), 'Wild');
    const role = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    const statement = new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::my-*'],
    });
    expect(() => acknowledgeWildcards(role, [statement])).toThrow(
      /no reason known for the wildcard resource arn:aws:s3:::my-\*/,
    );
  });

  it('fails the synth of a stack with a public-readable, unencrypted-transport bucket', () => {
    const bad = new App({ builtinCloudFormationValidation: false });
    const scope = new Stack(bad, 'Public');
    const bucket = new s3.Bucket(scope, 'Public', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY,
      publicReadAccess: true,
    });
    void bucket;
    Validations.of(bad).addPlugins(new AwsSolutionsChecks(bad));
    expect(() => bad.synth()).toThrow(/AwsSolutions-S1[\s\S]*AwsSolutions-S10/);
  });
});
