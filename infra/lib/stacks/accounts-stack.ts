import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { type Construct } from 'constructs';
import { ContainerRepository } from '../constructs/container-repository';
import { Database } from '../constructs/database';
import { EcsServiceBackend } from '../constructs/ecs-service-backend';
import { Network } from '../constructs/network';
import { workflowOutput } from '../outputs';
import { EcsExampleStack, taskDefinitionOf } from './ecs-example-stack';
import { type ExampleStackProps } from './example-stack';

const EXAMPLE = 'ecs-fargate-alb-mysql';

/**
 * Example 4, examples/ecs-fargate-alb-mysql: frontend and backend ECS Fargate services behind an
 * ALB (/api/* to the backend), MySQL, Secrets Manager; single actions.
 */
export class AccountsStack extends EcsExampleStack {
  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id, props);
    const repositories = (['backend', 'frontend'] as const).map(
      (part) =>
        new ContainerRepository(this, `Repository-${part}`, { repositoryName: `accounts/${part}` }),
    );
    const network = new Network(this, 'Network');
    const secretName = `accounts/${this.githubEnvironment}/db`;
    // The database admits the tasks, and the tasks read the database's secret: the tasks' group
    // is made first and given to both.
    const tasks = new ec2.SecurityGroup(this, 'TaskSecurityGroup', {
      vpc: network.vpc,
      description: 'accounts tasks: from the load balancer only',
      allowAllOutbound: true,
    });
    const database = new Database(this, 'Database', {
      engine: 'mysql',
      vpc: network.vpc,
      secretName,
      databaseName: 'accounts',
      allowFrom: [tasks],
    });
    const backend = new EcsServiceBackend(this, 'Backend', {
      vpc: network.vpc,
      clusterName: 'accounts',
      repositories: Object.fromEntries(
        repositories.map((repository) => [repository.name, repository.repository]),
      ),
      desiredCount: this.desiredCount.valueAsNumber,
      serviceSecurityGroup: tasks,
      secrets: { [secretName]: database.secret },
      services: [
        {
          serviceName: 'accounts-backend',
          taskDefinition: taskDefinitionOf(EXAMPLE, 'backend-task-definition.json'),
          container: 'api',
          healthCheckPath: '/api/health',
          pathPatterns: ['/api/*'],
        },
        {
          serviceName: 'accounts-frontend',
          taskDefinition: taskDefinitionOf(EXAMPLE, 'frontend-task-definition.json'),
          container: 'web',
          healthCheckPath: '/',
        },
      ],
    });
    const role = this.deployRole('accounts-deploy', [
      {
        file: 'build-push-ecr',
        statements: ['EcrLogin', 'PushAndPromote'],
        values: { REPOSITORY: repositories.map((repository) => repository.repositoryName) },
      },
      {
        file: 'run-migrations',
        statements: ['DatabaseSecret'],
        values: { SECRET_NAME: secretName },
      },
      {
        file: 'deploy-ecs',
        statements: ['TaskDefinitions', 'Services', 'PassTaskRoles'],
        values: {
          CLUSTER: 'accounts',
          SERVICE_NAME: ['accounts-backend', 'accounts-frontend'],
          ECS_TASK_EXECUTION_ROLE: backend.executionRole.roleName,
          // deploy-ecs registers revisions that keep the task role: it passes it.
          ECS_TASK_ROLE: backend.taskRoles.map((role) => role.roleName),
          ECS_INFRASTRUCTURE_ROLE: [],
        },
      },
    ]).roles[this.githubEnvironment]!;
    this.commonOutputs(role.roleArn, backend.cluster.clusterName, backend.url);
    workflowOutput(
      this,
      'repository',
      repositories[0]!.repositoryName,
      'ECR repository of the backend image',
      'backend-image',
    );
    workflowOutput(
      this,
      'repository',
      repositories[1]!.repositoryName,
      'ECR repository of the frontend image',
      'frontend-image',
    );
    workflowOutput(
      this,
      'database-secret-id',
      secretName,
      'Secrets Manager secret of the database master credentials',
    );
    workflowOutput(
      this,
      'service',
      'accounts-backend',
      'ECS service of the API (/api/*)',
      'backend',
    );
    workflowOutput(
      this,
      'service',
      'accounts-frontend',
      'ECS service of the web frontend',
      'frontend',
    );
  }
}
