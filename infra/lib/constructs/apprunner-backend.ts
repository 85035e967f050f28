import * as apprunner from 'aws-cdk-lib/aws-apprunner';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { check, checkName } from '../props';

export interface AppRunnerBackendProps {
  /** The service name deploy-apprunner creates and then updates (its `service` input). */
  readonly serviceName: string;
  /** The repository the service pulls from. */
  readonly repository: ecr.IRepository;
  /** Access role name (deploy-apprunner's `access-role-arn`); default generated. */
  readonly accessRoleName?: string;
  /** Instance role name (deploy-apprunner's `instance-role-arn`); default generated. */
  readonly instanceRoleName?: string;
  /** Secrets the running service reads (runtime secrets); the instance role may read only these. */
  readonly runtimeSecrets?: readonly secretsmanager.ISecret[];
  /** A VPC the service reaches (the database) through a VPC connector; default none. */
  readonly vpc?: ec2.IVpc;
}

/**
 * The roles an App Runner service runs with. The service itself is created by the first
 * deploy-apprunner run (App Runner needs an image to create a service, and the image is built by
 * that run); this construct only records its name.
 */
export class AppRunnerBackend extends Construct {
  readonly serviceName: string;
  readonly accessRole: iam.Role;
  readonly instanceRole: iam.Role;
  readonly connectorSecurityGroup: ec2.SecurityGroup | undefined;
  readonly vpcConnector: apprunner.CfnVpcConnector | undefined;

  constructor(scope: Construct, id: string, props: AppRunnerBackendProps) {
    super(scope, id);
    const name = 'AppRunnerBackend';
    checkName(
      name,
      'serviceName',
      props.serviceName,
      /^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$/,
      '4-40 letters, digits, - and _, starting with a letter or digit',
    );
    check(
      name,
      'runtimeSecrets',
      (props.runtimeSecrets ?? []).length <= 50,
      'lists more than 50 secrets',
    );
    this.serviceName = props.serviceName;

    this.accessRole = new iam.Role(this, 'AccessRole', {
      ...(props.accessRoleName ? { roleName: props.accessRoleName } : {}),
      description: `App Runner pulls ${props.serviceName}'s image from ECR`,
      assumedBy: new iam.ServicePrincipal('build.apprunner.amazonaws.com'),
    });
    props.repository.grantPull(this.accessRole);
    acknowledge(
      this.accessRole,
      'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken has no resource-level permission; every other ECR action is limited to the one repository.',
    );

    this.instanceRole = new iam.Role(this, 'InstanceRole', {
      ...(props.instanceRoleName ? { roleName: props.instanceRoleName } : {}),
      description: `${props.serviceName}'s running instances (runtime secrets)`,
      assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com'),
    });
    for (const secret of props.runtimeSecrets ?? []) secret.grantRead(this.instanceRole);

    if (props.vpc) {
      this.connectorSecurityGroup = new ec2.SecurityGroup(this, 'ConnectorSecurityGroup', {
        vpc: props.vpc,
        description: `${props.serviceName} (App Runner VPC connector)`,
        allowAllOutbound: true,
      });
      this.vpcConnector = new apprunner.CfnVpcConnector(this, 'VpcConnector', {
        subnets: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
        securityGroups: [this.connectorSecurityGroup.securityGroupId],
      });
    }
  }
}
