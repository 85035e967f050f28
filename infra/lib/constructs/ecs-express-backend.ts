import { RemovalPolicy } from 'aws-cdk-lib';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { checkName } from '../props';

export interface EcsExpressBackendProps {
  /** Cluster name (deploy-ecs's `cluster`). */
  readonly clusterName: string;
  /** Repositories the tasks pull from. */
  readonly repositories: readonly ecr.IRepository[];
  /** Task execution role name (`execution-role-arn`); default generated. */
  readonly executionRoleName?: string;
  /** Infrastructure role name (`infrastructure-role-arn`); default generated. */
  readonly infrastructureRoleName?: string;
  /** Log group name; default /ecs/<clusterName>. */
  readonly logGroupName?: string;
  /** How long logs are kept (default one month). */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * What an ECS Express Mode service runs in: cluster, task execution role, infrastructure role
 * and log group. deploy-ecs (mode express) creates the service itself.
 */
export class EcsExpressBackend extends Construct {
  readonly cluster: ecs.Cluster;
  readonly executionRole: iam.Role;
  readonly infrastructureRole: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EcsExpressBackendProps) {
    super(scope, id);
    const name = 'EcsExpressBackend';
    checkName(
      name,
      'clusterName',
      props.clusterName,
      /^[A-Za-z0-9_-]{1,255}$/,
      'letters, digits, - and _ (1-255)',
    );
    checkName(
      name,
      'logGroupName',
      props.logGroupName,
      /^[.\-_/#A-Za-z0-9]{1,512}$/,
      'letters, digits and . - _ / #',
    );
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      enableFargateCapacityProviders: true,
    });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName ?? `/ecs/${props.clusterName}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.executionRole = taskExecutionRole(
      this,
      props.executionRoleName,
      props.repositories,
      this.logGroup,
    );
    this.infrastructureRole = new iam.Role(this, 'InfrastructureRole', {
      ...(props.infrastructureRoleName ? { roleName: props.infrastructureRoleName } : {}),
      description: `ECS Express Mode manages the load balancer, scaling and networking of ${props.clusterName}'s services`,
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName(
          'service-role/AmazonECSInfrastructureRoleforExpressGatewayServices',
        ),
      ],
    });
    acknowledge(
      this.infrastructureRole,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices]',
      'Express Mode requires this AWS-managed policy: AWS keeps it in step with what the service creates (load balancer, target groups, scaling, certificates).',
    );
  }
}

/** A task execution role that pulls from the given repositories and writes to one log group. */
export function taskExecutionRole(
  scope: Construct,
  roleName: string | undefined,
  repositories: readonly ecr.IRepository[],
  logGroup: logs.ILogGroup,
): iam.Role {
  const role = new iam.Role(scope, 'ExecutionRole', {
    ...(roleName ? { roleName } : {}),
    description: 'ECS pulls the task images and writes their logs',
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
  });
  for (const repository of repositories) repository.grantPull(role);
  logGroup.grantWrite(role);
  acknowledge(
    role,
    'AwsSolutions-IAM5[Resource::*]',
    'ecr:GetAuthorizationToken has no resource-level permission; image pulls are limited to the named repositories.',
  );
  return role;
}
