import { randomBytes } from 'node:crypto';
import type {
  HealthCheckConfiguration,
  InstanceConfiguration,
  NetworkConfiguration,
  OperationType,
  ServiceObservabilityConfiguration,
  SourceConfiguration,
} from '@aws-sdk/client-apprunner';
import { AwsError } from '../../server/aws-error';
import { jsonService } from '../../server/protocols';
import type { AwsService, ServiceFactory } from '../../server/service';
import { AutoScalingConfigurations } from './auto-scaling';
import { launch, serve, whenDecided } from './instances';
import type { OperationRecord, ServiceConfig, ServiceRecord } from './model';
import { finish, now, requireIdle, startOperation } from './operations';
import { page } from './paging';
import {
  checkSource,
  checkTags,
  invalid,
  normaliseHealthCheck,
  normaliseInstance,
  normaliseNetwork,
  normaliseObservability,
} from './validate';

export type { OperationRecord, ServiceConfig, ServiceRecord } from './model';

/** The handle tests get from `stack.service<AppRunnerState>('apprunner')`. */
export interface AppRunnerState extends AwsService {
  services: Map<string, ServiceRecord>;
  byName(name: string): ServiceRecord | undefined;
}

/**
 * App Runner (awsJson1_0, target prefix AppRunner): image services with the operation state
 * machine, auto scaling configurations, tags. Each service gets a workload endpoint (its
 * ServiceUrl) that serves the image of the last successful deployment (its container, with a
 * container engine: instances.ts). Records: model.ts; operations: operations.ts; input
 * normalisation: validate.ts.
 *
 * Timings: `apprunner.operation` (create / update / deployment, default 3000 ms),
 * `apprunner.rollback` (default 2000 ms), `apprunner.delete` (default 1000 ms),
 * `apprunner.pause` (pause / resume, default 1000 ms).
 */
export const createAppRunnerService: ServiceFactory = (context) => {
  const services = new Map<string, ServiceRecord>();
  const timers = new Set<NodeJS.Timeout>();
  const scaling = new AutoScalingConfigurations(context, (arn) =>
    [...services.values()].some((s) => s.config.AutoScalingConfigurationArn === arn),
  );
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  let closed = false;
  const stopped = (): boolean => closed;
  const operationMs = (): number => context.timing('apprunner.operation', 3000);
  const rollbackMs = (): number => context.timing('apprunner.rollback', 2000);

  const find = (arn: unknown): ServiceRecord => {
    if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:apprunner:[a-z0-9-]+:\d{12}:service\/[^/]+\/[0-9a-f]{32}$/.test(arn)) {
      throw invalid(`Invalid ServiceArn: ${String(arn)}`);
    } // prettier-ignore
    const service = services.get(arn);
    if (service === undefined) {
      throw new AwsError('ResourceNotFoundException', `Service ${arn} was not found`, 400);
    }
    return service;
  };

  const describe = (s: ServiceRecord): Record<string, unknown> => {
    const asc = scaling.get(s.config.AutoScalingConfigurationArn);
    return {
      ServiceName: s.ServiceName,
      ServiceId: s.ServiceId,
      ServiceArn: s.ServiceArn,
      ServiceUrl: s.ServiceUrl,
      CreatedAt: s.CreatedAt,
      UpdatedAt: s.UpdatedAt,
      Status: s.Status,
      SourceConfiguration: s.config.SourceConfiguration,
      InstanceConfiguration: s.config.InstanceConfiguration,
      HealthCheckConfiguration: s.config.HealthCheckConfiguration,
      AutoScalingConfigurationSummary: scaling.summary(asc),
      NetworkConfiguration: s.config.NetworkConfiguration,
      ObservabilityConfiguration: s.config.ObservabilityConfiguration,
    };
  };

  /** A deployment: healthy image -> SUCCEEDED; else roll back to the last good configuration. */
  const deploy = (s: ServiceRecord, type: OperationType): OperationRecord => {
    const operation = startOperation(s, type);
    const config = s.config;
    const candidate = launch(s, config);
    later(operationMs(), () => whenDecided(candidate, stopped, (verdict) => {
      if (verdict.healthy) {
        s.deployed = config;
        serve(s, config, candidate);
        finish(s, operation, 'SUCCEEDED', 'RUNNING');
        return;
      }
      // The new instance never took traffic: the previous one keeps serving.
      candidate.discard();
      operation.Status = 'ROLLBACK_IN_PROGRESS';
      operation.UpdatedAt = now();
      later(rollbackMs(), () => {
        if (s.deployed !== undefined) s.config = s.deployed;
        finish(s, operation, 'ROLLBACK_SUCCEEDED', 'RUNNING');
      });
    })); // prettier-ignore
    return operation;
  };

  const checkScalingArn = (arn: unknown): string => {
    if (typeof arn !== 'string') throw invalid('AutoScalingConfigurationArn must be a string');
    try {
      scaling.get(arn);
    } catch {
      throw invalid(`Auto scaling configuration ${arn} does not exist`);
    }
    return arn;
  };

  const operations = {
    async CreateService(input: Record<string, unknown>) {
      const name = input.ServiceName;
      if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$/.test(name)) {
        throw invalid(
          'ServiceName must be 4-40 characters: letters, digits, - and _, starting with a letter or digit',
        );
      }
      if ([...services.values()].some((s) => s.ServiceName === name)) {
        throw invalid(`Service with the provided name already exists: ${name}`);
      }
      const config: ServiceConfig = {
        SourceConfiguration: checkSource(input.SourceConfiguration as SourceConfiguration),
        InstanceConfiguration: normaliseInstance(input.InstanceConfiguration as InstanceConfiguration, undefined), // prettier-ignore
        HealthCheckConfiguration: normaliseHealthCheck(input.HealthCheckConfiguration as HealthCheckConfiguration, undefined), // prettier-ignore
        AutoScalingConfigurationArn:
          input.AutoScalingConfigurationArn === undefined
            ? scaling.defaultArn
            : checkScalingArn(input.AutoScalingConfigurationArn),
        NetworkConfiguration: normaliseNetwork(
          input.NetworkConfiguration as NetworkConfiguration,
          undefined,
        ),
        ObservabilityConfiguration: normaliseObservability(input.ObservabilityConfiguration as ServiceObservabilityConfiguration, undefined), // prettier-ignore
      };
      const tags = checkTags(input.Tags);
      const id = randomBytes(16).toString('hex');
      const arn = `arn:aws:apprunner:${context.region}:${context.accountId}:service/${name}/${id}`;
      const endpoint = await context.workloads.endpoint(`apprunner:${arn}`);
      const service: ServiceRecord = {
        ServiceName: name,
        ServiceId: id,
        ServiceArn: arn,
        ServiceUrl: endpoint.hostPort,
        CreatedAt: now(),
        UpdatedAt: now(),
        Status: 'OPERATION_IN_PROGRESS',
        config,
        deployed: undefined,
        tags,
        operations: [],
        endpoint,
      };
      services.set(arn, service);
      const operation = startOperation(service, 'CREATE_SERVICE');
      const candidate = launch(service, config);
      later(operationMs(), () => whenDecided(candidate, stopped, (verdict) => {
        if (verdict.healthy) {
          service.deployed = config;
          serve(service, config, candidate);
          finish(service, operation, 'SUCCEEDED', 'RUNNING');
        } else {
          candidate.discard();
          finish(service, operation, 'FAILED', 'CREATE_FAILED');
        }
      })); // prettier-ignore
      return { Service: describe(service), OperationId: operation.Id };
    },

    UpdateService(input: Record<string, unknown>) {
      const s = find(input.ServiceArn);
      requireIdle(s, 'update the service');
      const source =
        input.SourceConfiguration === undefined
          ? s.config.SourceConfiguration
          : checkSource({
              ...s.config.SourceConfiguration,
              ...(input.SourceConfiguration as SourceConfiguration),
            });
      s.config = {
        SourceConfiguration: source,
        InstanceConfiguration: normaliseInstance(input.InstanceConfiguration as InstanceConfiguration | undefined, s.config.InstanceConfiguration), // prettier-ignore
        HealthCheckConfiguration: normaliseHealthCheck(input.HealthCheckConfiguration as HealthCheckConfiguration | undefined, s.config.HealthCheckConfiguration), // prettier-ignore
        AutoScalingConfigurationArn:
          input.AutoScalingConfigurationArn === undefined
            ? s.config.AutoScalingConfigurationArn
            : checkScalingArn(input.AutoScalingConfigurationArn),
        NetworkConfiguration: normaliseNetwork(input.NetworkConfiguration as NetworkConfiguration | undefined, s.config.NetworkConfiguration), // prettier-ignore
        ObservabilityConfiguration: normaliseObservability(input.ObservabilityConfiguration as ServiceObservabilityConfiguration | undefined, s.config.ObservabilityConfiguration), // prettier-ignore
      };
      const operation = deploy(s, 'UPDATE_SERVICE');
      return { Service: describe(s), OperationId: operation.Id };
    },

    StartDeployment(input: Record<string, unknown>) {
      const s = find(input.ServiceArn);
      requireIdle(s, 'start a deployment');
      if (s.Status === 'PAUSED') {
        throw new AwsError('InvalidStateException', `Service ${s.ServiceArn} is paused`, 400);
      }
      return { OperationId: deploy(s, 'START_DEPLOYMENT').Id };
    },

    DescribeService(input: Record<string, unknown>) {
      return { Service: describe(find(input.ServiceArn)) };
    },

    ListServices(input: Record<string, unknown>) {
      const { items, NextToken } = page([...services.values()], input);
      return {
        ServiceSummaryList: items.map((s) => ({
          ServiceName: s.ServiceName,
          ServiceId: s.ServiceId,
          ServiceArn: s.ServiceArn,
          ServiceUrl: s.ServiceUrl,
          CreatedAt: s.CreatedAt,
          UpdatedAt: s.UpdatedAt,
          Status: s.Status,
        })),
        ...(NextToken === undefined ? {} : { NextToken }),
      };
    },

    DeleteService(input: Record<string, unknown>) {
      const s = find(input.ServiceArn);
      if (s.Status === 'OPERATION_IN_PROGRESS') requireIdle(s, 'delete the service');
      const operation = startOperation(s, 'DELETE_SERVICE');
      const described = describe(s);
      later(context.timing('apprunner.delete', 1000), () => {
        finish(s, operation, 'SUCCEEDED', 'DELETED');
        services.delete(s.ServiceArn);
        void context.workloads.remove(`apprunner:${s.ServiceArn}`);
      });
      return { Service: described, OperationId: operation.Id };
    },

    PauseService(input: Record<string, unknown>) {
      const s = find(input.ServiceArn);
      requireIdle(s, 'pause the service');
      if (s.Status === 'PAUSED') throw new AwsError('InvalidStateException', 'Service is already paused', 400); // prettier-ignore
      const operation = startOperation(s, 'PAUSE_SERVICE');
      later(context.timing('apprunner.pause', 1000), () => {
        s.endpoint.serve(undefined);
        finish(s, operation, 'SUCCEEDED', 'PAUSED');
      });
      return { Service: describe(s), OperationId: operation.Id };
    },

    ResumeService(input: Record<string, unknown>) {
      const s = find(input.ServiceArn);
      if (s.Status !== 'PAUSED') throw new AwsError('InvalidStateException', 'Service is not paused', 400); // prettier-ignore
      const operation = startOperation(s, 'RESUME_SERVICE');
      const deployed = s.deployed;
      const candidate = deployed === undefined ? undefined : launch(s, deployed);
      later(context.timing('apprunner.pause', 1000), () => {
        const resume = (): void => {
          if (deployed !== undefined) serve(s, deployed, candidate);
          finish(s, operation, 'SUCCEEDED', 'RUNNING');
        };
        if (candidate === undefined) resume();
        else whenDecided(candidate, stopped, resume);
      });
      return { Service: describe(s), OperationId: operation.Id };
    },

    ListOperations(input: Record<string, unknown>) {
      const s = find(input.ServiceArn);
      const { items, NextToken } = page(s.operations, input);
      return {
        OperationSummaryList: items.map((o) => ({ ...o })),
        ...(NextToken === undefined ? {} : { NextToken }),
      };
    },

    CreateAutoScalingConfiguration: (input: Record<string, unknown>) => scaling.create(input),
    DescribeAutoScalingConfiguration: (input: Record<string, unknown>) => ({
      AutoScalingConfiguration: scaling.full(scaling.get(String(input.AutoScalingConfigurationArn))), // prettier-ignore
    }),
    ListAutoScalingConfigurations: (input: Record<string, unknown>) => scaling.list(input),
    DeleteAutoScalingConfiguration: (input: Record<string, unknown>) => scaling.delete(input),

    ListTagsForResource(input: Record<string, unknown>) {
      return { Tags: find(input.ResourceArn).tags };
    },
    TagResource(input: Record<string, unknown>) {
      const s = find(input.ResourceArn);
      for (const tag of checkTags(input.Tags)) {
        const existing = s.tags.find((t) => t.Key === tag.Key);
        if (existing === undefined) s.tags.push(tag);
        else existing.Value = tag.Value;
      }
      return {};
    },
    UntagResource(input: Record<string, unknown>) {
      const s = find(input.ResourceArn);
      const keys = Array.isArray(input.TagKeys) ? (input.TagKeys as string[]) : [];
      s.tags = s.tags.filter((t) => !keys.includes(t.Key ?? ''));
      return {};
    },
  };

  const base = jsonService({
    signingNames: ['apprunner'],
    targetPrefix: 'AppRunner',
    protocol: '1.0',
    operations,
    close: () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return Promise.resolve();
    },
  });
  const state: AppRunnerState = {
    ...base,
    services,
    byName: (name) => [...services.values()].find((s) => s.ServiceName === name),
  };
  return state;
};
