import { AwsError } from '../server/aws-error';
import { jsonService } from '../server/protocols';
import type { AwsService, ServiceFactory } from '../server/service';
import { EcsExpress } from './ecs-express';
import {
  clusterJson,
  createCluster,
  list,
  registerTaskDefinition,
  requireTaskDefinition,
  shortName,
  str,
  type EcsState,
} from './ecs-model';
import { EcsServices, type ServiceRecord } from './ecs-services';
import { EcsTasks } from './ecs-tasks';
import type { LogsService } from './logs';

/** What tests reach through `stack.service<EcsService>('ecs')`. */
export interface EcsService extends AwsService {
  state: EcsState;
  tasks: EcsTasks;
  services: EcsServices;
  /** A service record by cluster and name (tests). */
  serviceRecord(cluster: string, name: string): ServiceRecord | undefined;
}

/**
 * Amazon ECS (awsJson1_1, AmazonEC2ContainerServiceV20141113): clusters, task definitions,
 * classic services with deployments and the circuit breaker, Express Mode services, one-off
 * tasks whose containers write to CloudWatch Logs. Timings (ms): ecs.task.provisioning,
 * ecs.task.pending, ecs.task.run, ecs.task.stopping, ecs.deployment, ecs.rollback (a
 * circuit-breaker rollback; ecs.deployment unless set).
 */
export const createEcsService: ServiceFactory = (context) => {
  const state: EcsState = {
    context,
    clusters: new Map(),
    families: new Map(),
    logs: () => context.service<LogsService>('logs'),
  };
  const tasks = new EcsTasks(state, () => ({
    provisioningMs: context.timing('ecs.task.provisioning', 300),
    pendingMs: context.timing('ecs.task.pending', 300),
    runMs: context.timing('ecs.task.run', 1000),
    stoppingMs: context.timing('ecs.task.stopping', 300),
  }));
  const deploymentMs = (): number => context.timing('ecs.deployment', 2000);
  const services = new EcsServices(state, deploymentMs, () =>
    context.timing('ecs.rollback', deploymentMs()),
  );
  const express = new EcsExpress(state, services);

  const base = jsonService({
    signingNames: ['ecs'],
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    protocol: '1.1',
    operations: {
      CreateCluster(input) {
        const name = str(input, 'clusterName') ?? 'default';
        if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
          throw new AwsError('InvalidParameterException', 'Cluster name is invalid.');
        }
        return { cluster: clusterJson(createCluster(state, name)) };
      },
      DescribeClusters(input) {
        const refs = list<string>(input, 'clusters');
        const names = refs.length === 0 ? ['default'] : refs.map((r) => shortName(r));
        const clusters = [];
        const failures = [];
        for (const name of names) {
          const cluster = state.clusters.get(name);
          if (cluster === undefined) {
            failures.push({
              arn: `arn:aws:ecs:${context.region}:${context.accountId}:cluster/${name}`,
              reason: 'MISSING',
            });
            continue;
          }
          const counts = tasks.counts(cluster.arn);
          clusters.push(
            clusterJson(cluster, {
              runningTasksCount: counts.running,
              pendingTasksCount: counts.pending,
              activeServicesCount: [...services.services.values()].filter(
                (s) => s.cluster === cluster,
              ).length,
            }),
          );
        }
        return { clusters, failures };
      },
      RegisterTaskDefinition(input) {
        const record = registerTaskDefinition(state, input);
        return { taskDefinition: record.body, tags: list(input, 'tags') };
      },
      DescribeTaskDefinition(input) {
        const record = requireTaskDefinition(state, str(input, 'taskDefinition'));
        return { taskDefinition: record.body, tags: [] };
      },
      ListTaskDefinitions(input) {
        const prefix = str(input, 'familyPrefix');
        const arns = [...state.families.values()]
          .flat()
          .filter((r) => prefix === undefined || r.family.startsWith(prefix))
          .map((r) => r.arn);
        return { taskDefinitionArns: input.sort === 'DESC' ? arns.reverse() : arns };
      },
      async CreateService(input) {
        const record = await services.create(input);
        return { service: services.describe(record) };
      },
      UpdateService(input) {
        return { service: services.describe(services.update(input)) };
      },
      DescribeServices: (input) => services.describeMany(input),
      RunTask: (input) => tasks.run(input),
      DescribeTasks: (input) => tasks.describeMany(input),
      StopTask: (input) => tasks.stop(input),
      ListTasks: (input) => tasks.listArns(input),
      CreateExpressGatewayService: (input) => express.create(input),
      UpdateExpressGatewayService: (input) => express.update(input),
      DescribeExpressGatewayService: (input) => express.describe(input),
    },
    close: () => {
      services.close();
      return Promise.resolve();
    },
  });

  const service: EcsService = {
    ...base,
    state,
    tasks,
    services,
    serviceRecord: (cluster, name) => services.services.get(`${cluster}/${name}`),
  };
  return service;
};
