import { type Construct } from 'constructs';
import { ContainerRepository } from '../constructs/container-repository';
import { EcsServiceBackend } from '../constructs/ecs-service-backend';
import { Network } from '../constructs/network';
import { workflowOutput } from '../outputs';
import { EcsExampleStack, taskDefinitionOf } from './ecs-example-stack';
import { type ExampleStackProps } from './example-stack';

const EXAMPLE = 'ecs-all-in-one-ssm';

/**
 * Example 3, examples/ecs-all-in-one-ssm: three images (keep 10, scan on push) in one ECS
 * service (nginx in front) behind an ALB, secrets in SSM Parameter Store; single actions.
 */
export class ShopStack extends EcsExampleStack {
  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id, props);
    const parts = ['backend', 'frontend', 'nginx'] as const;
    const repositories = parts.map(
      (part) =>
        new ContainerRepository(this, `Repository-${part}`, {
          repositoryName: `shop/${part}`,
          keepImages: 10,
        }),
    );
    const network = new Network(this, 'Network');
    const backend = new EcsServiceBackend(this, 'Backend', {
      vpc: network.vpc,
      clusterName: 'shop',
      repositories: Object.fromEntries(
        repositories.map((repository) => [repository.name, repository.repository]),
      ),
      desiredCount: this.desiredCount.valueAsNumber,
      services: [
        {
          serviceName: 'shop-all-in-one',
          taskDefinition: taskDefinitionOf(EXAMPLE, 'task-definition.json'),
          container: 'nginx',
          healthCheckPath: '/health',
        },
      ],
    });
    const role = this.deployRole('shop-deploy', [
      {
        file: 'build-push-ecr',
        statements: ['EcrLogin', 'RepositorySettings', 'PushAndPromote'],
        values: { REPOSITORY: repositories.map((repository) => repository.repositoryName) },
      },
      {
        file: 'deploy-ecs',
        statements: ['TaskDefinitions', 'Services', 'PassTaskRoles'],
        values: {
          CLUSTER: 'shop',
          SERVICE_NAME: 'shop-all-in-one',
          ECS_TASK_EXECUTION_ROLE: backend.executionRole.roleName,
          // deploy-ecs registers revisions that keep the task role: it passes it.
          ECS_TASK_ROLE: backend.taskRoles.map((role) => role.roleName),
          ECS_INFRASTRUCTURE_ROLE: [],
        },
      },
    ]).roles[this.githubEnvironment]!;
    this.commonOutputs(role.roleArn, backend.cluster.clusterName, backend.url);
    parts.forEach((part, index) =>
      workflowOutput(
        this,
        'repository',
        repositories[index]!.repositoryName,
        `ECR repository of the ${part} image`,
        part,
      ),
    );
    workflowOutput(
      this,
      'service',
      'shop-all-in-one',
      'ECS service (all three containers in one task)',
    );
  }
}
