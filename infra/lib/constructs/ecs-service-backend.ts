import {
  Aws,
  CfnCondition,
  CfnMapping,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type CfnResource,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FactName, RegionInfo } from 'aws-cdk-lib/region-info';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { check, checkName } from '../props';
import { taskExecutionRole } from './ecs-express-backend';

/** The subset of a task definition JSON (examples/<name>/ecs/*.json) this construct reads. */
export interface TaskDefinitionJson {
  family: string;
  cpu: string;
  memory: string;
  executionRoleArn?: string;
  containerDefinitions: {
    name: string;
    image: string;
    essential?: boolean;
    portMappings?: { containerPort: number }[];
    dependsOn?: { containerName: string; condition: string }[];
    secrets?: { name: string; valueFrom: string }[];
  }[];
}

export interface EcsServiceSpec {
  /** Service name (deploy-ecs's `service`). */
  readonly serviceName: string;
  /** The task definition as registered by hand or by deploy-ecs: examples/<name>/ecs/*.json. */
  readonly taskDefinition: TaskDefinitionJson;
  /** The container the load balancer sends traffic to (default: the one with a port mapping). */
  readonly container?: string;
  /** Health check path of the target group (default /health). */
  readonly healthCheckPath?: string;
  /** Listener rule path patterns (e.g. /api/*); none makes this service the default action. */
  readonly pathPatterns?: readonly string[];
}

export interface EcsServiceBackendProps {
  readonly vpc: ec2.IVpc;
  /** Cluster name (deploy-ecs's `cluster`). */
  readonly clusterName: string;
  /** Services; exactly one has no pathPatterns and answers everything else. */
  readonly services: readonly EcsServiceSpec[];
  /** Repositories by name; each container image of the task definitions must be one of them. */
  readonly repositories: Readonly<Record<string, ecr.IRepository>>;
  /** Secrets Manager secrets by name, for the task definitions' `secrets` valueFrom ARNs. */
  readonly secrets?: Readonly<Record<string, secretsmanager.ISecret>>;
  /** Tasks per service (a template parameter: 0 until the first images are pushed). */
  readonly desiredCount: number;
  /** ACM certificate of the load balancer (same region); default plain HTTP on port 80. */
  readonly certificateArn?: string;
  /**
   * The tasks' security group (default: created here). Pass one when another resource must name
   * it first, e.g. the database admitting the tasks whose secret it holds.
   */
  readonly serviceSecurityGroup?: ec2.SecurityGroup;
  /** Days the task logs are kept (default 30). */
  readonly logRetentionDays?: number;
}

/**
 * Classic ECS on Fargate behind an ALB: cluster, task definitions from the example's JSON,
 * services with the deployment circuit breaker and rollback, listener rules, target groups with
 * health checks, log groups. Tasks run in public subnets with a public IP (no NAT gateway) and a
 * security group that admits only the load balancer.
 */
export class EcsServiceBackend extends Construct {
  readonly cluster: ecs.Cluster;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly executionRole: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly serviceSecurityGroup: ec2.SecurityGroup;
  readonly services: Readonly<Record<string, ecs.FargateService>>;
  readonly taskFamilies: readonly string[];
  /** The task roles (one per task definition; empty, for the application's own permissions). */
  readonly taskRoles: readonly iam.IRole[];
  /** The site's URL: https:// with a certificate, else http:// and the load balancer's DNS name. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: EcsServiceBackendProps) {
    super(scope, id);
    const name = 'EcsServiceBackend';
    checkName(
      name,
      'clusterName',
      props.clusterName,
      /^[A-Za-z0-9_-]{1,255}$/,
      'letters, digits, - and _ (1-255)',
    );
    check(name, 'services', props.services.length > 0, 'is empty: name at least one service');
    const defaults = props.services.filter((spec) => (spec.pathPatterns ?? []).length === 0);
    check(
      name,
      'services',
      defaults.length === 1,
      `has ${defaults.length} services without pathPatterns: exactly one answers the requests no rule matches`,
    );
    checkName(
      name,
      'certificateArn',
      props.certificateArn,
      /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/,
      'an ACM certificate ARN',
    );
    const executionRoleNames = new Set(
      props.services.map((spec) => spec.taskDefinition.executionRoleArn?.replace(/^.*:role\//, '')),
    );
    check(
      name,
      'services',
      executionRoleNames.size === 1,
      'task definitions name different execution roles: use one for the cluster',
    );
    const repositoryByName = new Map(Object.entries(props.repositories));
    const retention = props.logRetentionDays ?? 30;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/ecs/${props.clusterName}`,
      retention: retention as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.executionRole = taskExecutionRole(
      this,
      [...executionRoleNames][0],
      Object.values(props.repositories),
      this.logGroup,
    );

    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: props.vpc,
      description: `${props.clusterName} load balancer: HTTP(S) from the internet`,
      allowAllOutbound: false,
    });
    albSecurityGroup.addIngressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(80),
      'HTTP (redirected to HTTPS with a certificate)',
    );
    if (props.certificateArn)
      albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS');
    acknowledge(
      albSecurityGroup,
      'AwsSolutions-EC23',
      'The internet-facing load balancer of a public website admits HTTP(S) from anywhere; the tasks admit only this group.',
    );
    this.serviceSecurityGroup =
      props.serviceSecurityGroup ??
      new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
        vpc: props.vpc,
        description: `${props.clusterName} tasks: from the load balancer only`,
        allowAllOutbound: true,
      });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      securityGroup: albSecurityGroup,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    logAccessLogs(this, this.loadBalancer, retention);
    const listener = props.certificateArn
      ? this.loadBalancer.addListener('Https', {
          port: 443,
          certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
          sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
          open: false,
        })
      : this.loadBalancer.addListener('Http', { port: 80, open: false });
    if (props.certificateArn) this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });

    const services: Record<string, ecs.FargateService> = {};
    const taskRoles: iam.IRole[] = [];
    let priority = 10;
    for (const [index, spec] of props.services.entries()) {
      const where = `services[${index}]`;
      const json = spec.taskDefinition;
      const taskDefinition = new ecs.FargateTaskDefinition(this, `${spec.serviceName}-task`, {
        family: json.family,
        cpu: Number(json.cpu),
        memoryLimitMiB: Number(json.memory),
        executionRole: this.executionRole,
      });
      taskRoles.push(taskDefinition.taskRole);
      const containers = new Map<string, ecs.ContainerDefinition>();
      for (const container of json.containerDefinitions) {
        const image = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/([^:@]+)(?::([^@]+))?$/.exec(
          container.image,
        );
        check(
          name,
          `${where}.taskDefinition`,
          image !== null,
          `container ${container.name}: image ${container.image} is not an ECR image URI`,
        );
        const repository = repositoryByName.get(image![1]!);
        check(
          name,
          'repositories',
          repository !== undefined,
          `has no repository ${image![1]} (container ${container.name} of ${json.family})`,
        );
        containers.set(
          container.name,
          taskDefinition.addContainer(container.name, {
            image: ecs.ContainerImage.fromEcrRepository(repository!, image![2] ?? 'latest'),
            essential: container.essential ?? true,
            portMappings: (container.portMappings ?? []).map((mapping) => ({
              containerPort: mapping.containerPort,
            })),
            secrets: Object.fromEntries(
              (container.secrets ?? []).map((secret) => [
                secret.name,
                this.secretOf(
                  secret.valueFrom,
                  props.secrets ?? {},
                  `${where}.taskDefinition ${container.name}`,
                ),
              ]),
            ),
            logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: json.family }),
          }),
        );
      }
      for (const container of json.containerDefinitions)
        for (const dependency of container.dependsOn ?? [])
          containers.get(container.name)!.addContainerDependencies({
            container: containers.get(dependency.containerName)!,
            condition: dependency.condition as ecs.ContainerDependencyCondition,
          });
      const target =
        spec.container ??
        json.containerDefinitions.find((c) => (c.portMappings ?? []).length > 0)?.name;
      const targetDefinition = json.containerDefinitions.find((c) => c.name === target);
      check(
        name,
        `${where}.container`,
        targetDefinition?.portMappings?.[0] !== undefined,
        `names no container of ${json.family} with a port mapping`,
      );
      const port = targetDefinition!.portMappings![0]!.containerPort;
      this.serviceSecurityGroup.addIngressRule(
        albSecurityGroup,
        ec2.Port.tcp(port),
        `load balancer to ${spec.serviceName}`,
      );
      albSecurityGroup.addEgressRule(
        this.serviceSecurityGroup,
        ec2.Port.tcp(port),
        `to ${spec.serviceName}`,
      );

      const service = new ecs.FargateService(this, spec.serviceName, {
        cluster: this.cluster,
        serviceName: spec.serviceName,
        taskDefinition,
        desiredCount: props.desiredCount,
        assignPublicIp: true,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        securityGroups: [this.serviceSecurityGroup],
        circuitBreaker: { enable: true, rollback: true },
        minHealthyPercent: 100,
        maxHealthyPercent: 200,
        healthCheckGracePeriod: Duration.seconds(60),
      });
      const targetGroup = new elbv2.ApplicationTargetGroup(this, `${spec.serviceName}-targets`, {
        vpc: props.vpc,
        port,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.IP,
        deregistrationDelay: Duration.seconds(30),
        healthCheck: {
          path: spec.healthCheckPath ?? '/health',
          healthyHttpCodes: '200-399',
          interval: Duration.seconds(15),
        },
        targets: [service.loadBalancerTarget({ containerName: target!, containerPort: port })],
      });
      const patterns = spec.pathPatterns ?? [];
      if (patterns.length === 0)
        listener.addTargetGroups(`${spec.serviceName}-default`, { targetGroups: [targetGroup] });
      else
        listener.addTargetGroups(`${spec.serviceName}-rule`, {
          targetGroups: [targetGroup],
          priority: priority++,
          conditions: [elbv2.ListenerCondition.pathPatterns([...patterns])],
        });
      services[spec.serviceName] = service;
    }
    this.services = services;
    this.taskRoles = taskRoles;
    this.taskFamilies = props.services.map((spec) => spec.taskDefinition.family);
    this.url = `${props.certificateArn ? 'https' : 'http'}://${this.loadBalancer.loadBalancerDnsName}`;
  }

  private secretOf(
    valueFrom: string,
    secrets: Readonly<Record<string, secretsmanager.ISecret>>,
    where: string,
  ): ecs.Secret {
    const parameter = /^arn:aws[a-z-]*:ssm:[^:]*:\d*:parameter(\/.+)$/.exec(valueFrom);
    if (parameter)
      return ecs.Secret.fromSsmParameter(
        ssm.StringParameter.fromSecureStringParameterAttributes(
          this,
          `Parameter${parameter[1]!.replace(/[^A-Za-z0-9]/g, '')}`,
          { parameterName: parameter[1]! },
        ),
      );
    const secret =
      /^arn:aws[a-z-]*:secretsmanager:[^:]*:\d*:secret:(.+)-[A-Za-z0-9]{6}(?::([^:]*))?/.exec(
        valueFrom,
      );
    check(
      'EcsServiceBackend',
      'secrets',
      secret !== null && secrets[secret[1]!] !== undefined,
      `has no secret for ${valueFrom} (${where}); pass it by name`,
    );
    return ecs.Secret.fromSecretsManager(secrets[secret![1]!]!, secret![2] || undefined);
  }
}

/**
 * ALB access logs into a private bucket of their own, in a region-agnostic template: regions
 * from before August 2022 deliver as their regional ELB account, newer ones as the
 * logdelivery.elasticloadbalancing.amazonaws.com service principal; a mapping picks the one
 * statement that applies. (aws-cdk-lib's logAccessLogs needs the region at synth time.)
 */
function logAccessLogs(
  scope: Construct,
  loadBalancer: elbv2.ApplicationLoadBalancer,
  days: number,
): s3.Bucket {
  const stack = Stack.of(scope);
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    lifecycleRules: [{ expiration: Duration.days(days) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(
    bucket,
    'AwsSolutions-S1',
    'This is the load balancer access-log bucket itself; logging it into itself would loop.',
  );
  const accounts = RegionInfo.regionMap(FactName.ELBV2_ACCOUNT);
  const mapping = new CfnMapping(scope, 'ElbLogAccounts', {
    mapping: Object.fromEntries(
      RegionInfo.regions
        .filter((region) => !/-iso[a-z]*-|^eusc-/.test(region.name))
        .map((region) => [region.name, { account: accounts[region.name] ?? 'none' }]),
    ),
  });
  const account = mapping.findInMap(Aws.REGION, 'account');
  const legacy = new CfnCondition(scope, 'ElbLogsByAccount', {
    expression: Fn.conditionNot(Fn.conditionEquals(account, 'none')),
  });
  const objects = `${bucket.bucketArn}/alb/AWSLogs/${Aws.ACCOUNT_ID}/*`;
  const policy = bucket.policy!.node.defaultChild as CfnResource;
  policy.addPropertyOverride(
    'PolicyDocument.Statement.1',
    Fn.conditionIf(
      legacy.logicalId,
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Principal: { AWS: `arn:${Aws.PARTITION}:iam::${account}:root` },
        Resource: objects,
      },
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
        Resource: objects,
      },
    ),
  );
  loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
  loadBalancer.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  loadBalancer.setAttribute('access_logs.s3.prefix', 'alb');
  // The load balancer checks that it may write when the attribute is set.
  loadBalancer.node.addDependency(bucket.policy!);
  void stack;
  return bucket;
}
