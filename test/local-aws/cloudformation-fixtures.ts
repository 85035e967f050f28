import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';

/**
 * An SPA site and a container backend of the same resource types as the examples' stacks:
 * private bucket + policy, CloudFront with OAC and a response headers policy, ECR with a
 * lifecycle, a generated database secret, an SSM parameter, ECS cluster and log group, an IAM
 * role and the GitHub OIDC provider, and the network / load balancer / database types the
 * local stack records.
 */
export function siteTemplate(): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'SPA site and backend (local CloudFormation test)',
    Parameters: {
      Environment: {
        Type: 'String',
        Default: 'production',
        AllowedValues: ['production', 'staging'],
      },
      ApiUrl: { Type: 'String', Default: 'https://api.example.com' },
      DbEngine: { Type: 'String', Default: 'postgres' },
      WithAccessLogs: { Type: 'String', Default: 'false' },
    },
    Conditions: {
      IsProduction: { 'Fn::Equals': [{ Ref: 'Environment' }, 'production'] },
      AccessLogs: { 'Fn::Equals': [{ Ref: 'WithAccessLogs' }, 'true'] },
    },
    Resources: {
      SiteBucket: {
        Type: 'AWS::S3::Bucket',
        DeletionPolicy: 'Delete',
        Properties: {
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
        },
      },
      LogBucket: { Type: 'AWS::S3::Bucket', Condition: 'AccessLogs' },
      SiteOac: {
        Type: 'AWS::CloudFront::OriginAccessControl',
        Properties: {
          OriginAccessControlConfig: {
            Name: { 'Fn::Sub': '${AWS::StackName}-oac' },
            OriginAccessControlOriginType: 's3',
            SigningBehavior: 'always',
            SigningProtocol: 'sigv4',
          },
        },
      },
      Headers: {
        Type: 'AWS::CloudFront::ResponseHeadersPolicy',
        Properties: {
          ResponseHeadersPolicyConfig: {
            Name: { 'Fn::Sub': '${AWS::StackName}-headers' },
            SecurityHeadersConfig: {
              StrictTransportSecurity: {
                AccessControlMaxAgeSec: 63072000,
                IncludeSubdomains: true,
                Override: true,
              },
              ContentTypeOptions: { Override: true },
            },
          },
        },
      },
      Distribution: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Enabled: true,
            DefaultRootObject: 'index.html',
            HttpVersion: 'http2and3',
            Origins: [
              {
                Id: 'site',
                DomainName: { 'Fn::GetAtt': ['SiteBucket', 'RegionalDomainName'] },
                OriginAccessControlId: { 'Fn::GetAtt': ['SiteOac', 'Id'] },
                S3OriginConfig: { OriginAccessIdentity: '' },
              },
            ],
            DefaultCacheBehavior: {
              TargetOriginId: 'site',
              ViewerProtocolPolicy: 'redirect-to-https',
              Compress: true,
              CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
              ResponseHeadersPolicyId: { Ref: 'Headers' },
            },
            CustomErrorResponses: [
              { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html' },
              { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html' },
            ],
          },
        },
      },
      SitePolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'SiteBucket' },
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'cloudfront.amazonaws.com' },
                Action: 's3:GetObject',
                Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['SiteBucket', 'Arn'] }, '/*']] },
                Condition: {
                  StringEquals: {
                    'AWS:SourceArn': {
                      'Fn::Sub':
                        'arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}',
                    },
                  },
                },
              },
            ],
          },
        },
      },
      Repository: {
        Type: 'AWS::ECR::Repository',
        Properties: {
          ImageScanningConfiguration: { ScanOnPush: true },
          ImageTagMutability: 'IMMUTABLE',
          LifecyclePolicy: {
            LifecyclePolicyText: JSON.stringify({
              rules: [
                {
                  rulePriority: 1,
                  description: 'keep the last 10 images',
                  selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 10 },
                  action: { type: 'expire' },
                },
              ],
            }),
          },
        },
      },
      DbSecret: {
        Type: 'AWS::SecretsManager::Secret',
        Properties: {
          Description: 'database master credentials',
          GenerateSecretString: {
            SecretStringTemplate: '{"username":"app"}',
            GenerateStringKey: 'password',
            PasswordLength: 30,
            ExcludeCharacters: '"@/\\ \'',
          },
        },
      },
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      SubnetA: {
        Type: 'AWS::EC2::Subnet',
        Properties: {
          VpcId: { Ref: 'Vpc' },
          CidrBlock: '10.0.0.0/24',
          AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
        },
      },
      SubnetB: {
        Type: 'AWS::EC2::Subnet',
        Properties: {
          VpcId: { Ref: 'Vpc' },
          CidrBlock: '10.0.1.0/24',
          AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] },
        },
      },
      DbSubnets: {
        Type: 'AWS::RDS::DBSubnetGroup',
        Properties: {
          DBSubnetGroupDescription: 'db',
          SubnetIds: [{ Ref: 'SubnetA' }, { Ref: 'SubnetB' }],
        },
      },
      Database: {
        Type: 'AWS::RDS::DBInstance',
        DeletionPolicy: 'Snapshot',
        UpdateReplacePolicy: 'Snapshot',
        Properties: {
          Engine: { Ref: 'DbEngine' },
          DBInstanceClass: 'db.t4g.micro',
          AllocatedStorage: '20',
          DBSubnetGroupName: { Ref: 'DbSubnets' },
          MasterUsername: 'app',
          DeletionProtection: { 'Fn::If': ['IsProduction', true, false] },
        },
      },
      DbHost: {
        Type: 'AWS::SSM::Parameter',
        Properties: {
          Type: 'String',
          Value: { 'Fn::GetAtt': ['Database', 'Endpoint.Address'] },
        },
      },
      ApiUrlParameter: {
        Type: 'AWS::SSM::Parameter',
        Properties: {
          Name: { 'Fn::Sub': '/${AWS::StackName}/api-url' },
          Type: 'String',
          Value: { Ref: 'ApiUrl' },
          Description: { 'Fn::If': ['IsProduction', 'production API', { Ref: 'AWS::NoValue' }] },
        },
      },
      Cluster: { Type: 'AWS::ECS::Cluster' },
      BackendLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
      GitHubOidc: {
        Type: 'AWS::IAM::OIDCProvider',
        Properties: {
          Url: 'https://token.actions.githubusercontent.com',
          ClientIdList: ['sts.amazonaws.com'],
        },
      },
      DeployRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Federated: { Ref: 'GitHubOidc' } },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: {
                  StringEquals: {
                    'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                    'token.actions.githubusercontent.com:sub':
                      'repo:octo/app:environment:production',
                  },
                },
              },
            ],
          },
        },
      },
    },
    Outputs: {
      BucketName: { Value: { Ref: 'SiteBucket' } },
      DistributionId: {
        Value: { Ref: 'Distribution' },
        Export: { Name: { 'Fn::Sub': '${AWS::StackName}-distribution' } },
      },
      SiteUrl: {
        Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['Distribution', 'DomainName'] }]] },
      },
      RepositoryUri: { Value: { 'Fn::GetAtt': ['Repository', 'RepositoryUri'] } },
      DatabaseHost: { Value: { 'Fn::GetAtt': ['Database', 'Endpoint.Address'] } },
      DatabaseSecretArn: { Value: { Ref: 'DbSecret' } },
      RoleArn: { Value: { 'Fn::GetAtt': ['DeployRole', 'Arn'] } },
      VpcId: { Value: { Ref: 'Vpc' } },
      LogsBucket: { Condition: 'AccessLogs', Value: { Ref: 'LogBucket' } },
    },
  };
}

const SETTLED = /(_COMPLETE|_FAILED)$/;

/** Polls DescribeStacks until the stack leaves its *_IN_PROGRESS status. */
export async function settled(
  client: CloudFormationClient,
  stackName: string,
  timeoutMs = 20_000,
): Promise<Stack> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = Stacks?.[0];
    if (stack?.StackStatus !== undefined && SETTLED.test(stack.StackStatus)) return stack;
    if (Date.now() > deadline) throw new Error(`stack ${stackName} still ${stack?.StackStatus}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
