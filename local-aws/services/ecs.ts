import { AwsError } from '../server/aws-error';
import { jsonService } from '../server/protocols';
import type { AwsService, ServiceFactory } from '../server/service';
import { EcsExpress } from './ecs-express';
import {
  clusterJson,
  createCluster,
  list,
  obj,
  registerTaskDefinition,
  requireTaskDefinition,
  shortName,
  str,
  type EcsState,
} from './ecs-model';
import { EcsServiceDeployments } from './ecs-service-deployments';
import { EcsServices, type ServiceRecord } from './ecs-services';
import { EcsTags } from './ecs-tags';
import { EcsTasks } from './ecs-tasks';
import type { LogsService } from './logs';

/** What tests reach through `stack.service<EcsService>('ecs')`. */
export interface EcsService extends AwsService {
  state: EcsState;
  tasks: EcsTasks;
  services: EcsServices;
  /** Blue/green-family service deployments; `serviceDeployments.alarms` sets alarm states. */
  serviceDeployments: EcsServiceDeployments;
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
  const services = new EcsServices(
    state,
    deploymentMs,
    (record, failed) => {
      for (let i = 0; i < failed.count; i++) {
        tasks.recordFailedServiceTask({
          clusterArn: record.cluster.arn,
          clusterName: record.cluster.name,
          definition: failed.deployment.taskDefinition,
          service: record.name,
          deploymentId: failed.deployment.id,
          at: failed.at,
          reason: failed.reason,
          ...(failed.exitCode === undefined ? {} : { exitCode: failed.exitCode }),
        });
      }
    },
    () => context.timing('ecs.rollback', deploymentMs()),
  );
  const express = new EcsExpress(state, services);
  const serviceDeployments = new EcsServiceDeployments(() => ({
    stageMs: context.timing('ecs.deployment.stage', 200),
    minuteMs: context.timing('ecs.deployment.minute', 1000),
  }));
  const tags = new EcsTags((arn) => {
    const service = /:service\/([^/]+)\/([^/]+)$/.exec(arn);
    if (service !== null) return services.services.has(`${service[1]}/${service[2]}`);
    const definition = /:task-definition\/([^:]+):(\d+)$/.exec(arn);
    if (definition !== null)
      return (state.families.get(definition[1] ?? '')?.length ?? 0) >= Number(definition[2]);
    return false;
  });

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
        const given = list(input, 'tags');
        const record = registerTaskDefinition(state, input);
        if (given.length > 0) tags.add(record.arn, given);
        return { taskDefinition: record.body, tags: tags.list(record.arn) };
      },
      DescribeTaskDefinition(input) {
        const record = requireTaskDefinition(state, str(input, 'taskDefinition'));
        const include = list<string>(input, 'include').includes('TAGS');
        return { taskDefinition: record.body, ...(include ? { tags: tags.list(record.arn) } : {}) };
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
        if (list(input, 'tags').length > 0) tags.add(record.arn, list(input, 'tags'));
        return { service: services.describe(record) };
      },
      UpdateService(input) {
        EcsServiceDeployments.validate(obj(input, 'deploymentConfiguration'));
        const ref = str(input, 'service') ?? '';
        const cluster = state.clusters.get(shortName(str(input, 'cluster') ?? 'default'));
        const before = cluster === undefined ? undefined : services.find(cluster, ref);
        const previous = before?.deployments[0];
        const stable = before?.stable;
        const record = services.update(input);
        const primary = record.deployments[0];
        if (primary !== undefined && primary !== previous)
          serviceDeployments.track(record, primary, stable);
        return { service: services.describe(record) };
      },
      ...serviceDeployments.operations(
        (cluster, name) => {
          const c = state.clusters.get(shortName(cluster ?? 'default'));
          return c === undefined ? undefined : services.find(c, name);
        },
        (record) => services.advance(record),
      ),
      DescribeServices: (input) => services.describeMany(input),
      RunTask: (input) => tasks.run(input),
      DescribeTasks: (input) => tasks.describeMany(input),
      StopTask: (input) => tasks.stop(input),
      ListTasks: (input) => tasks.listArns(input),
      CreateExpressGatewayService: async (input) => {
        const out = await express.create(input);
        const arn = str(obj(out, 'service') ?? {}, 'serviceArn');
        if (arn !== undefined && list(input, 'tags').length > 0) tags.add(arn, list(input, 'tags'));
        return out;
      },
      ...tags.operations(),
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
    serviceDeployments,
    serviceRecord: (cluster, name) => services.services.get(`${cluster}/${name}`),
  };
  return service;
};
