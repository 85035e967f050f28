import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { check, checkIntegerRange, checkName } from '../props';

export type DatabaseEngine = 'postgres' | 'mysql';

export interface DatabaseProps {
  /** postgres (16) or mysql (8.0): run-migrations' `engine`. */
  readonly engine: DatabaseEngine;
  readonly vpc: ec2.IVpc;
  /** Name of the generated master secret (run-migrations' `database-secret-id`). */
  readonly secretName: string;
  /** Database created in the instance (the secret's dbname). */
  readonly databaseName: string;
  /** Security groups of the backend and the migration task: the only ones admitted. */
  readonly allowFrom: readonly ec2.ISecurityGroup[];
  /** Instance class (default db.t4g.micro). */
  readonly instanceType?: ec2.InstanceType;
  /** Storage in GiB (default 20). */
  readonly allocatedStorage?: number;
  /** Standby in a second zone (default false: one zone, half the cost). */
  readonly multiAz?: boolean;
  /** Deletion protection (default true). Turning it off is the first step of deleting the database. */
  readonly deletionProtection?: boolean;
  /** Days of automated backups (default 7). */
  readonly backupRetentionDays?: number;
}

/** RDS PostgreSQL or MySQL in private subnets, master credentials in Secrets Manager. */
export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;
  readonly securityGroup: ec2.SecurityGroup;
  readonly port: number;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const name = 'Database';
    check(
      name,
      'engine',
      props.engine === 'postgres' || props.engine === 'mysql',
      `is "${String(props.engine)}": use postgres or mysql`,
    );
    checkName(
      name,
      'secretName',
      props.secretName,
      /^[A-Za-z0-9/_+=.@-]{1,512}$/,
      'letters, digits and /_+=.@-',
    );
    checkName(
      name,
      'databaseName',
      props.databaseName,
      /^[A-Za-z][A-Za-z0-9_]{0,62}$/,
      'a letter, then letters, digits and _ (at most 63)',
    );
    check(
      name,
      'allowFrom',
      props.allowFrom.length > 0,
      'is empty: name the backend (and migration task) security groups',
    );
    checkIntegerRange(name, 'allocatedStorage', props.allocatedStorage, 20, 65536);
    checkIntegerRange(name, 'backupRetentionDays', props.backupRetentionDays, 1, 35);

    this.port = props.engine === 'postgres' ? 5432 : 3306;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.databaseName} database: the backend and the migration task only`,
      allowAllOutbound: false,
    });
    props.allowFrom.forEach((group, index) =>
      this.securityGroup.addIngressRule(group, ec2.Port.tcp(this.port), `client ${index + 1}`),
    );
    const engine =
      props.engine === 'postgres'
        ? rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 })
        : rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 });
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      instanceType:
        props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      allocatedStorage: props.allocatedStorage ?? 20,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      multiAz: props.multiAz ?? false,
      publiclyAccessible: false,
      databaseName: props.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret(
        props.engine === 'postgres' ? 'postgres' : 'admin',
        {
          secretName: props.secretName,
        },
      ),
      iamAuthentication: true,
      backupRetention: Duration.days(props.backupRetentionDays ?? 7),
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      autoMinorVersionUpgrade: true,
      cloudwatchLogsExports: props.engine === 'postgres' ? ['postgresql'] : ['error', 'slowquery'],
    });
    this.secret = this.instance.secret!;
    // Deleting the stack keeps the credentials next to the final snapshot.
    for (const child of this.instance.node.findAll())
      if (child instanceof secretsmanager.CfnSecret) child.applyRemovalPolicy(RemovalPolicy.RETAIN);
    if (!(props.multiAz ?? false))
      acknowledge(
        this.instance,
        'AwsSolutions-RDS3',
        'One availability zone by default to halve the idle cost of a small application; set multiAz: true for a standby.',
      );
    acknowledge(
      this.instance,
      'AwsSolutions-RDS11',
      'The engine default port: the actions and drivers default to it, and the security group admits only the backend and the migration task.',
    );
    acknowledge(
      this.instance,
      'AwsSolutions-SMG4',
      'No automatic rotation: a rotation function needs a Lambda in the VPC with a route to Secrets Manager (NAT or endpoint), an idle cost this small stack avoids; rotate with `aws secretsmanager rotate-secret` after adding one.',
    );
  }
}
