import { readInputs } from '../../../src/deploy-apprunner/inputs';
import { InputReader } from '../../../src/core/inputs';
import { parseCpu, parseMemory } from '../../../src/apprunner/instance-size';

const base = {
  'aws-region': 'us-east-1',
  service: 'web-app',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'a'.repeat(64),
};
const read = (inputs: Record<string, string>) =>
  readInputs(new InputReader((name) => ({ ...base, ...inputs })[name]));

describe('deploy-apprunner inputs', () => {
  it('reads CPU and memory in every notation App Runner accepts', () => {
    expect(['0.25', '0.25 vCPU', '256', '1', '1 vCPU', '1024', '4vcpu'].map((v) => parseCpu('cpu', v))).toEqual([
      256, 256, 256, 1024, 1024, 1024, 4096,
    ]); // prettier-ignore
    expect(['0.5 GB', '512', '2 GB', '2GB', '2048', '12 GB'].map((v) => parseMemory('memory', v))).toEqual([
      512, 512, 2048, 2048, 2048, 12288,
    ]); // prettier-ignore
    expect(() => parseCpu('cpu', '3')).toThrow(/Input 'cpu'/);
    expect(() => parseMemory('memory', '2')).toThrow(/Input 'memory'/);
  });

  it.each([
    ['0.25', '0.5 GB', true],
    ['0.25', '1 GB', true],
    ['0.25', '2 GB', false],
    ['0.5', '1 GB', true],
    ['0.5', '2 GB', false],
    ['1', '2 GB', true],
    ['1', '3 GB', true],
    ['1', '4 GB', true],
    ['1', '6 GB', false],
    ['2', '4 GB', true],
    ['2', '6 GB', true],
    ['2', '8 GB', false],
    ['4', '8 GB', true],
    ['4', '10 GB', true],
    ['4', '12 GB', true],
    ['4', '6 GB', false],
  ])('cpu %s with memory %s valid: %s', (cpu, memory, valid) => {
    const attempt = () => read({ cpu, memory });
    if (valid) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(/Input 'memory': App Runner does not offer/);
  });

  it('checks secret ARN shapes without echoing the value', () => {
    const ok = read({
      secrets: [
        'A=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
        'B=arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::',
        'C=arn:aws:ssm:us-east-1:123456789012:parameter/web/token',
      ].join('\n'),
    });
    expect(Object.keys(ok.spec.secrets ?? {})).toEqual(['A', 'B', 'C']);
    expect(() => read({ secrets: 'A=hunter2' })).toThrow(/^(?!.*hunter2).*Input 'secrets': A:/);
    expect(() => read({ secrets: 'A=arn:aws:s3:::bucket/key' })).toThrow(/Input 'secrets'/);
    expect(() => read({ environment: 'A=1', secrets: 'A=arn:aws:ssm:us-east-1:123456789012:parameter/x' })).toThrow(
      /both environment and secrets/,
    ); // prettier-ignore
    expect(() => read({ environment: 'AWSAPPRUNNER_X=1' })).toThrow(/reserved/);
  });

  it('keeps what is not given undefined, so the service keeps its values', () => {
    const config = read({});
    expect(config.spec).toEqual({
      image: base.image,
      repositoryType: 'ECR',
      healthCheck: {},
      autoScaling: {},
      tags: {},
    });
    expect(config.timeoutMs).toBe(30 * 60_000);
  });

  it('reads health check, scaling, network and observability settings strictly', () => {
    const config = read({
      'health-check-path': '/healthz',
      'health-check-interval': '10s',
      'health-check-unhealthy-threshold': '3',
      'min-instances': '2',
      'vpc-connector-arn':
        'arn:aws:apprunner:us-east-1:123456789012:vpcconnector/vpc/1/0123456789abcdef',
      'observability-configuration-arn':
        'arn:aws:apprunner:us-east-1:123456789012:observabilityconfiguration/o/1/01234567',
      image: 'public.ecr.aws/acme/web:latest',
    });
    expect(config.spec.healthCheck).toEqual({ Protocol: 'HTTP', Path: '/healthz', Interval: 10, UnhealthyThreshold: 3 }); // prettier-ignore
    expect(config.spec.autoScaling).toEqual({ MinSize: 2 });
    expect(config.spec.egress?.type).toBe('VPC');
    expect(config.spec.observability?.enabled).toBe(true);
    expect(config.spec.repositoryType).toBe('ECR_PUBLIC');
    expect(() => read({ 'health-check-protocol': 'TCP', 'health-check-path': '/x' })).toThrow(/health-check-path/); // prettier-ignore
    expect(() => read({ 'health-check-interval': '30s' })).toThrow(/health-check-interval/);
    expect(() => read({ 'min-instances': '0' })).toThrow(/min-instances/);
    expect(() => read({ 'dry-run': 'ture' })).toThrow(/Input 'dry-run'/);
    expect(() => read({ service: 'ab' })).toThrow(/Input 'service'/);
    expect(() => read({ image: 'not an image' })).toThrow(/Input 'image'/);
    expect(() => read({ 'access-role-arn': 'arn:aws:s3:::x' })).toThrow(/access-role-arn/);
  });
});
