import type {
  HealthCheckConfiguration,
  InstanceConfiguration,
  NetworkConfiguration,
  OperationStatus,
  OperationType,
  ServiceObservabilityConfiguration,
  ServiceStatus,
  SourceConfiguration,
  Tag,
} from '@aws-sdk/client-apprunner';
import type { Endpoint } from '../../runtime/workloads';

// The records App Runner keeps per service: its configurations and its operations.

/** What a deployment runs: everything UpdateService can change. */
export interface ServiceConfig {
  SourceConfiguration: SourceConfiguration;
  InstanceConfiguration: InstanceConfiguration;
  HealthCheckConfiguration: Required<HealthCheckConfiguration>;
  AutoScalingConfigurationArn: string;
  NetworkConfiguration: NetworkConfiguration;
  ObservabilityConfiguration: ServiceObservabilityConfiguration;
}

export interface OperationRecord {
  Id: string;
  Type: OperationType;
  Status: OperationStatus;
  TargetArn: string;
  StartedAt: number;
  EndedAt?: number;
  UpdatedAt: number;
}

export interface ServiceRecord {
  ServiceName: string;
  ServiceId: string;
  ServiceArn: string;
  ServiceUrl: string;
  CreatedAt: number;
  UpdatedAt: number;
  Status: ServiceStatus;
  /** The configuration DescribeService shows (the one being deployed while in progress). */
  config: ServiceConfig;
  /** The configuration that last deployed successfully (rollback target). */
  deployed: ServiceConfig | undefined;
  tags: Tag[];
  /** Newest first, as ListOperations returns them. */
  operations: OperationRecord[];
  endpoint: Endpoint;
}
