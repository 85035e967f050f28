import type { Service } from '@aws-sdk/client-apprunner';
import { planService } from '../../../src/apprunner/plan';
import type { ServiceSpec } from '../../../src/apprunner/spec';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'a'.repeat(64);
const current: Service = {
  ServiceName: 'web',
  ServiceId: 'x',
  ServiceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/web/x',
  CreatedAt: new Date(),
  UpdatedAt: new Date(),
  Status: 'RUNNING',
  SourceConfiguration: {
    ImageRepository: {
      ImageIdentifier: IMAGE,
      ImageRepositoryType: 'ECR',
      ImageConfiguration: { Port: '3000', RuntimeEnvironmentVariables: { MODE: 'prod', DB_PASSWORD: 'old-pass' } }, // prettier-ignore
    },
    AutoDeploymentsEnabled: false,
    AuthenticationConfiguration: { AccessRoleArn: 'arn:aws:iam::123456789012:role/pull' },
  },
  InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
  HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/healthz', Interval: 5, Timeout: 2, HealthyThreshold: 1, UnhealthyThreshold: 5 }, // prettier-ignore
  AutoScalingConfigurationSummary: undefined,
  NetworkConfiguration: { EgressConfiguration: { EgressType: 'DEFAULT' } },
};
const spec = (extra: Partial<ServiceSpec> = {}): ServiceSpec => ({
  image: IMAGE,
  repositoryType: 'ECR',
  healthCheck: {},
  autoScaling: {},
  tags: {},
  ...extra,
});

describe('planService', () => {
  it('finds nothing to do when only the same values are given', () => {
    const plan = planService(current, undefined, spec({ cpu: 1024, port: '3000', healthCheck: { Path: '/healthz' } })); // prettier-ignore
    expect(plan.changes).toEqual([]);
    expect(plan.instanceConfiguration).toBeUndefined();
  });

  it('sends only the touched structures, merged with the current values', () => {
    const plan = planService(current, undefined, spec({ memory: 3072 }));
    expect(plan.changes).toEqual([{ setting: 'memory', before: '2 GB', after: '3 GB' }]);
    expect(plan.instanceConfiguration).toEqual({ Cpu: '1024', Memory: '3072' });
    expect(plan.sourceChanged).toBe(false);
    expect(plan.healthCheckConfiguration).toBeUndefined();
    const image = planService(current, undefined, spec({ image: IMAGE.replace(/a{64}/, 'b'.repeat(64)) })); // prettier-ignore
    expect(image.sourceChanged).toBe(true);
    // The whole image configuration goes back with the new image: port, env and role kept.
    expect(image.sourceConfiguration).toMatchObject({
      ImageRepository: { ImageConfiguration: { Port: '3000', RuntimeEnvironmentVariables: { MODE: 'prod' } } },
      AuthenticationConfiguration: { AccessRoleArn: 'arn:aws:iam::123456789012:role/pull' },
      AutoDeploymentsEnabled: false,
    }); // prettier-ignore
  });

  it('checks a size pair made of one input and the running value', () => {
    expect(() => planService(current, undefined, spec({ cpu: 256 }))).toThrow(
      /0.25 vCPU with 2 GB \(memory kept from the service\)/,
    );
  });

  it('redacts values of secret-looking variables in the diff', () => {
    const plan = planService(current, undefined, spec({ environment: { MODE: 'prod', DB_PASSWORD: 'new-pass' } })); // prettier-ignore
    expect(plan.changes).toEqual([
      { setting: 'env DB_PASSWORD', before: '*** (old)', after: '***' },
    ]);
    expect(JSON.stringify(plan.changes)).not.toMatch(/new-pass|old-pass/);
  });

  it('diffs auto scaling against the current configuration and only lists tag additions', () => {
    const plan = planService(current, { MinSize: 1, MaxSize: 25, MaxConcurrency: 100 }, spec({ autoScaling: { MaxSize: 5 }, tags: { team: 'web', env: 'prod' } }), { team: 'web', owner: 'x' }); // prettier-ignore
    expect(plan.autoScaling).toEqual({ MinSize: 1, MaxSize: 5, MaxConcurrency: 100 });
    expect(plan.tagChanges).toEqual([{ setting: 'tag env', before: undefined, after: 'prod' }]);
  });
});

describe('planService network and observability', () => {
  const connector = 'arn:aws:apprunner:us-east-1:123456789012:vpcconnector/vpc/1/0123456789abcdef';
  const tracing = 'arn:aws:apprunner:us-east-1:123456789012:observabilityconfiguration/o/1/0123';

  it('switches egress to a VPC connector and back, keeping the rest of the network configuration', () => {
    const vpc = planService(current, undefined, spec({ egress: { type: 'VPC', vpcConnectorArn: connector } })); // prettier-ignore
    expect(vpc.networkConfiguration?.EgressConfiguration).toEqual({ EgressType: 'VPC', VpcConnectorArn: connector }); // prettier-ignore
    expect(vpc.changes.map((c) => c.setting)).toEqual(['egress', 'VPC connector']);
    const onVpc: Service = { ...current, NetworkConfiguration: vpc.networkConfiguration };
    expect(planService(onVpc, undefined, spec({ egress: { type: 'VPC' } })).changes).toEqual([]);
    const back = planService(onVpc, undefined, spec({ egress: { type: 'DEFAULT' } }));
    expect(back.networkConfiguration?.EgressConfiguration).toEqual({ EgressType: 'DEFAULT' });
    expect(() => planService(current, undefined, spec({ egress: { type: 'VPC' } }))).toThrow(/vpc-connector-arn/); // prettier-ignore
  });

  it('turns observability on with a configuration, and off', () => {
    const on = planService(current, undefined, spec({ observability: { enabled: true, configurationArn: tracing } })); // prettier-ignore
    expect(on.observabilityConfiguration).toEqual({ ObservabilityEnabled: true, ObservabilityConfigurationArn: tracing }); // prettier-ignore
    expect(() => planService(current, undefined, spec({ observability: { enabled: true } }))).toThrow(/observability-configuration-arn/); // prettier-ignore
    const traced: Service = {
      ...current,
      ObservabilityConfiguration: on.observabilityConfiguration,
    };
    expect(planService(traced, undefined, spec({ observability: { enabled: false } })).observabilityConfiguration).toEqual({ ObservabilityEnabled: false }); // prettier-ignore
  });
});
