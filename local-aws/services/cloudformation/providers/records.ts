import { physicalName, randomHex, randomId } from '../model';
import { randomUUID } from 'node:crypto';
import {
  ResourceFailure,
  str,
  type Created,
  type ProviderContext,
  type ResourceProvider,
} from './provider';

/**
 * Types the local stack cannot run (networking, load balancers, databases, IAM): recorded with
 * their properties (policy documents included) and ids, ARNs and attributes shaped like AWS's.
 */
function recorded(
  replaceOn: readonly string[],
  make: (props: Record<string, unknown>, ctx: ProviderContext) => Created,
): ResourceProvider {
  return {
    replaceOn,
    create: (props, ctx) => Promise.resolve(make(props, ctx)),
    delete: () => Promise.resolve(),
  };
}

const ec2Id = (prefix: string): string => `${prefix}-${randomHex(17)}`;
const arn = (
  ctx: ProviderContext,
  service: string,
  resource: string,
  region = ctx.region,
): string => `arn:aws:${service}:${region}:${ctx.accountId}:${resource}`;
const name = (
  props: Record<string, unknown>,
  key: string,
  ctx: ProviderContext,
  max = 64,
  lower = false,
): string =>
  str(props[key]) ??
  physicalName(ctx.stackName, ctx.logicalId, { maxLength: max, lowerCase: lower });

/** Hosted zone ids of Application Load Balancers, by region (AWS's published table). */
const ALB_ZONES: Record<string, string> = {
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-east-2': 'Z3AADJGX6KTTL2',
  'us-west-2': 'Z1H1FL5HABSF5',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-central-1': 'Z215JYRZR1TBD5',
};

function ec2(
  prefix: string,
  attributes: (id: string, props: Record<string, unknown>) => Record<string, unknown> = () => ({}),
): ResourceProvider {
  return recorded(
    ['VpcId', 'CidrBlock', 'AvailabilityZone', 'GroupName', 'GroupDescription'],
    (props) => {
      const id = ec2Id(prefix);
      return { physicalId: id, attributes: attributes(id, props) };
    },
  );
}

/** RDS refuses to delete an instance with deletion protection, and so the stack fails. */
function protectedDatabase(provider: ResourceProvider): ResourceProvider {
  return {
    ...provider,
    delete(physicalId, props, ctx) {
      if (props.DeletionProtection === true || props.DeletionProtection === 'true') {
        throw new ResourceFailure(
          `Resource handler returned message: "Cannot delete protected DB Instance, please disable deletion protection and try again. (Service: Rds, Status Code: 400, Request ID: ${randomUUID()})" (HandlerErrorCode: InvalidRequest)`,
        );
      }
      return provider.delete(physicalId, props, ctx);
    },
  };
}

export const recordedProviders: Record<string, ResourceProvider> = {
  'AWS::EC2::VPC': ec2('vpc', (id, p) => ({
    VpcId: id,
    CidrBlock: p.CidrBlock,
    CidrBlockAssociations: [ec2Id('vpc-cidr-assoc')],
    DefaultSecurityGroup: ec2Id('sg'),
    DefaultNetworkAcl: ec2Id('acl'),
    Ipv6CidrBlocks: [],
  })),
  'AWS::EC2::Subnet': ec2('subnet', (id, p) => ({
    SubnetId: id,
    VpcId: p.VpcId,
    AvailabilityZone: p.AvailabilityZone,
    AvailabilityZoneId: 'use1-az1',
    CidrBlock: p.CidrBlock,
    NetworkAclAssociationId: ec2Id('aclassoc'),
    Ipv6CidrBlocks: [],
  })),
  'AWS::EC2::SecurityGroup': ec2('sg', (id, p) => ({ GroupId: id, VpcId: p.VpcId })),
  'AWS::EC2::SecurityGroupIngress': ec2('sgr', (id) => ({ Id: id })),
  'AWS::EC2::SecurityGroupEgress': ec2('sgr', (id) => ({ Id: id })),
  'AWS::EC2::InternetGateway': ec2('igw', (id) => ({ InternetGatewayId: id })),
  'AWS::EC2::VPCGatewayAttachment': ec2('IGW', () => ({})),
  'AWS::EC2::RouteTable': ec2('rtb', (id) => ({ RouteTableId: id })),
  'AWS::EC2::Route': ec2('rtb', () => ({})),
  'AWS::EC2::SubnetRouteTableAssociation': ec2('rtbassoc', (id) => ({ Id: id })),
  'AWS::EC2::NatGateway': ec2('nat', (id) => ({ NatGatewayId: id })),
  'AWS::EC2::EIP': recorded(['Domain'], () => {
    const ip = `3.${[0, 0, 0].map(() => Number.parseInt(randomHex(2), 16) % 250).join('.')}`;
    return { physicalId: ip, attributes: { AllocationId: ec2Id('eipalloc'), PublicIp: ip } };
  }),
  'AWS::EC2::FlowLog': ec2('fl', (id) => ({ Id: id })),
  'AWS::AppRunner::VpcConnector': recorded(
    ['Subnets', 'SecurityGroups', 'VpcConnectorName'],
    (props, ctx) => {
      const connectorName = name(props, 'VpcConnectorName', ctx, 40);
      const connectorArn = arn(
        ctx,
        'apprunner',
        `vpcconnector/${connectorName}/1/${randomHex(32)}`,
      );
      return {
        physicalId: connectorArn,
        attributes: { VpcConnectorArn: connectorArn, VpcConnectorRevision: 1 },
      };
    },
  ),
  'AWS::ElasticLoadBalancingV2::LoadBalancer': recorded(
    ['Name', 'Scheme', 'Type'],
    (props, ctx) => {
      const lbName = name(props, 'Name', ctx, 32).replace(/[^A-Za-z0-9-]/g, '-');
      const full = `app/${lbName}/${randomHex(16)}`;
      return {
        physicalId: arn(ctx, 'elasticloadbalancing', `loadbalancer/${full}`),
        attributes: {
          LoadBalancerArn: arn(ctx, 'elasticloadbalancing', `loadbalancer/${full}`),
          LoadBalancerFullName: full,
          LoadBalancerName: lbName,
          DNSName: `${lbName}-${Number.parseInt(randomHex(8), 16)}.${ctx.region}.elb.amazonaws.com`,
          CanonicalHostedZoneID: ALB_ZONES[ctx.region] ?? 'Z35SXDOTRQ7X7K',
          SecurityGroups: props.SecurityGroups ?? [],
        },
      };
    },
  ),
  'AWS::ElasticLoadBalancingV2::TargetGroup': recorded(
    ['Name', 'Port', 'Protocol', 'TargetType', 'VpcId'],
    (props, ctx) => {
      const tgName = name(props, 'Name', ctx, 32).replace(/[^A-Za-z0-9-]/g, '-');
      const full = `targetgroup/${tgName}/${randomHex(16)}`;
      const tgArn = arn(ctx, 'elasticloadbalancing', full);
      return {
        physicalId: tgArn,
        attributes: {
          TargetGroupArn: tgArn,
          TargetGroupFullName: full,
          TargetGroupName: tgName,
          LoadBalancerArns: [],
        },
      };
    },
  ),
  'AWS::ElasticLoadBalancingV2::Listener': recorded(['LoadBalancerArn'], (props, ctx) => {
    const lb =
      String(props.LoadBalancerArn ?? '').split(':loadbalancer/')[1] ?? `app/lb/${randomHex(16)}`;
    const listenerArn = arn(ctx, 'elasticloadbalancing', `listener/${lb}/${randomHex(16)}`);
    return { physicalId: listenerArn, attributes: { ListenerArn: listenerArn } };
  }),
  'AWS::ElasticLoadBalancingV2::ListenerRule': recorded(['ListenerArn'], (props, ctx) => {
    const listener =
      String(props.ListenerArn ?? '').split(':listener/')[1] ??
      `app/lb/${randomHex(16)}/${randomHex(16)}`;
    const ruleArn = arn(ctx, 'elasticloadbalancing', `listener-rule/${listener}/${randomHex(16)}`);
    return { physicalId: ruleArn, attributes: { RuleArn: ruleArn, IsDefault: false } };
  }),
  'AWS::RDS::DBSubnetGroup': recorded(['DBSubnetGroupName'], (props, ctx) => {
    const groupName = name(props, 'DBSubnetGroupName', ctx, 255, true);
    return { physicalId: groupName, attributes: {} };
  }),
  'AWS::RDS::DBInstance': protectedDatabase(
    recorded(
      [
        'DBInstanceIdentifier',
        'Engine',
        'DBName',
        'MasterUsername',
        'StorageEncrypted',
        'KmsKeyId',
        'DBSubnetGroupName',
        'AvailabilityZone',
      ],
      (props, ctx) => {
        const id = name(props, 'DBInstanceIdentifier', ctx, 63, true);
        const mysql = /mysql|mariadb/.test(String(props.Engine ?? ''));
        return {
          physicalId: id,
          attributes: {
            'Endpoint.Address': `${id}.c${randomId(11, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${ctx.region}.rds.amazonaws.com`,
            'Endpoint.Port': str(props.Port) ?? (mysql ? '3306' : '5432'),
            'Endpoint.HostedZoneId': 'Z2R2ITUGPM61AM',
            DBInstanceArn: arn(ctx, 'rds', `db:${id}`),
            DbiResourceId: `db-${randomId(26)}`,
            ...(props.ManageMasterUserPassword === true || props.ManageMasterUserPassword === 'true'
              ? {
                  'MasterUserSecret.SecretArn': arn(
                    ctx,
                    'secretsmanager',
                    `secret:rds!db-${randomHex(8)}-${randomId(6)}`,
                  ),
                }
              : {}),
          },
        };
      },
    ),
  ),
  'AWS::IAM::Role': recorded(['RoleName', 'Path'], (props, ctx) => {
    const roleName = name(props, 'RoleName', ctx, 64);
    const path = str(props.Path) ?? '/';
    return {
      physicalId: roleName,
      attributes: {
        Arn: `arn:aws:iam::${ctx.accountId}:role${path}${roleName}`,
        RoleId: `AROA${randomId(17)}`,
      },
    };
  }),
  'AWS::IAM::Policy': recorded([], (_, ctx) => ({
    physicalId: `${ctx.stackName.slice(0, 5)}-${ctx.logicalId.slice(0, 5)}-${randomId(12)}`,
    attributes: { Id: randomId(12) },
  })),
  'AWS::IAM::ManagedPolicy': recorded(['ManagedPolicyName', 'Path'], (props, ctx) => {
    const policyArn = `arn:aws:iam::${ctx.accountId}:policy${str(props.Path) ?? '/'}${name(props, 'ManagedPolicyName', ctx, 128)}`;
    return {
      physicalId: policyArn,
      attributes: { PolicyArn: policyArn, PolicyId: `ANPA${randomId(17)}` },
    };
  }),
  'AWS::IAM::OIDCProvider': recorded(['Url'], (props, ctx) => {
    const host = String(props.Url ?? '').replace(/^https:\/\//, '');
    const providerArn = `arn:aws:iam::${ctx.accountId}:oidc-provider/${host}`;
    return { physicalId: providerArn, attributes: { Arn: providerArn } };
  }),
  'AWS::CloudFront::OriginAccessControl': recorded([], () => {
    const id = `E${randomId(13)}`;
    return { physicalId: id, attributes: { Id: id } };
  }),
  'AWS::CloudFront::ResponseHeadersPolicy': recorded([], () => {
    const id = `${randomHex(8)}-${randomHex(4)}-${randomHex(4)}-${randomHex(4)}-${randomHex(12)}`;
    return { physicalId: id, attributes: { Id: id, LastModifiedTime: new Date().toISOString() } };
  }),
  'AWS::CloudFront::CachePolicy': recorded([], () => {
    const id = `${randomHex(8)}-${randomHex(4)}-${randomHex(4)}-${randomHex(4)}-${randomHex(12)}`;
    return { physicalId: id, attributes: { Id: id, LastModifiedTime: new Date().toISOString() } };
  }),
  'AWS::CloudFront::Function': recorded(['Name'], (props, ctx) => {
    const fnArn = `arn:aws:cloudfront::${ctx.accountId}:function/${name(props, 'Name', ctx, 64)}`;
    return {
      physicalId: fnArn,
      attributes: {
        FunctionARN: fnArn,
        'FunctionMetadata.FunctionARN': fnArn,
        Stage: props.AutoPublish === true ? 'LIVE' : 'DEVELOPMENT',
      },
    };
  }),
  'AWS::S3::BucketPolicy': recorded(['Bucket'], (props) => ({
    physicalId: String(props.Bucket ?? ''),
    attributes: {},
  })),
};
