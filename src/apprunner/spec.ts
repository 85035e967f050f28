/** What the user asked for. Every field but the image is optional: absent means "keep". */
export interface ServiceSpec {
  image: string;
  repositoryType: 'ECR' | 'ECR_PUBLIC';
  accessRoleArn?: string;
  port?: string;
  /** CPU units (256 ... 4096) and memory MB (512 ... 12288). */
  cpu?: number;
  memory?: number;
  /** The whole set of plain environment variables when given. */
  environment?: Record<string, string>;
  /** Variable name -> Secrets Manager / SSM ARN (RuntimeEnvironmentSecrets), the whole set when given. */
  secrets?: Record<string, string>;
  startCommand?: string;
  healthCheck: HealthCheckSpec;
  autoScaling: AutoScalingSpec;
  /** Name of the auto scaling configuration this action manages for the service. */
  autoScalingName?: string;
  instanceRoleArn?: string;
  egress?: { type: 'DEFAULT' | 'VPC'; vpcConnectorArn?: string };
  observability?: { enabled: boolean; configurationArn?: string };
  tags: Record<string, string>;
}

export interface HealthCheckSpec {
  Protocol?: 'HTTP' | 'TCP';
  Path?: string;
  Interval?: number;
  Timeout?: number;
  HealthyThreshold?: number;
  UnhealthyThreshold?: number;
}

export interface AutoScalingSpec {
  MinSize?: number;
  MaxSize?: number;
  MaxConcurrency?: number;
}

/** One difference between the running service and the request, for logs and the summary. */
export interface Change {
  setting: string;
  before: string | undefined;
  after: string | undefined;
}

/** Whether an image reference pins content (by digest) rather than naming a mutable tag. */
export function isDigestReference(image: string): boolean {
  return /@sha256:[a-f0-9]{64}$/.test(image);
}

/** `1 vCPU -> 2 vCPU`, `(unset) -> /healthz`. */
export function formatChange(change: Change): string {
  return `${change.setting}: ${change.before ?? '(unset)'} -> ${change.after ?? '(unset)'}`;
}
