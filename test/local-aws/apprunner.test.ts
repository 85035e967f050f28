import { request } from 'node:https';
import {
  AppRunnerClient,
  CreateAutoScalingConfigurationCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeAutoScalingConfigurationCommand,
  DescribeServiceCommand,
  ListAutoScalingConfigurationsCommand,
  ListOperationsCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  PauseServiceCommand,
  ResumeServiceCommand,
  StartDeploymentCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type OperationSummary,
} from '@aws-sdk/client-apprunner';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';

const ROLE = 'arn:aws:iam::123456789012:role/apprunner-ecr-access';
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web';
const digest = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const image = (n: number): string => `${REPO}@${digest(n)}`;

function createInput(name: string, img: string): CreateServiceCommandInput {
  return {
    ServiceName: name,
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: img,
        ImageRepositoryType: 'ECR',
        ImageConfiguration: { Port: '3000', RuntimeEnvironmentVariables: { APP_VERSION: 'v1' } },
      },
      AuthenticationConfiguration: { AccessRoleArn: ROLE },
    },
    InstanceConfiguration: { Cpu: '0.25 vCPU', Memory: '0.5 GB' },
    HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/healthz' },
  };
}

/** GET over HTTPS, trusting only the stack's CA. */
function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('local App Runner', () => {
  let stack: LocalAws;
  let client: AppRunnerClient;
  beforeAll(async () => {
    stack = await startLocalAws({
      only: ['apprunner'],
      timings: { 'apprunner.operation': 250, 'apprunner.rollback': 100, 'apprunner.delete': 100, 'apprunner.pause': 30 }, // prettier-ignore
    });
    client = new AppRunnerClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
  });
  afterAll(() => stack.stop());

  const describe_ = async (arn: string) =>
    (await client.send(new DescribeServiceCommand({ ServiceArn: arn }))).Service!;
  const operation = async (arn: string, id: string): Promise<OperationSummary> => {
    const list = await client.send(new ListOperationsCommand({ ServiceArn: arn }));
    return list.OperationSummaryList!.find((o) => o.Id === id)!;
  };
  const settle = async (arn: string, id: string): Promise<OperationSummary> => {
    for (let i = 0; i < 100; i++) {
      const op = await operation(arn, id);
      if (!/IN_PROGRESS|PENDING/.test(op.Status ?? '')) return op;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('operation never finished');
  };

  it('creates a service that goes RUNNING and serves its image over HTTPS at ServiceUrl', async () => {
    const created = await client.send(
      new CreateServiceCommand(createInput('web-create', image(1))),
    );
    const arn = created.Service!.ServiceArn!;
    expect(arn).toMatch(
      /^arn:aws:apprunner:us-east-1:123456789012:service\/web-create\/[0-9a-f]{32}$/,
    );
    expect(created.Service!.Status).toBe('OPERATION_IN_PROGRESS');
    expect(created.Service!.ServiceUrl).toMatch(/^localhost:\d+$/);
    expect(created.Service!.InstanceConfiguration).toEqual({ Cpu: '256', Memory: '512' });
    expect((await operation(arn, created.OperationId!)).Status).toBe('IN_PROGRESS');

    const op = await settle(arn, created.OperationId!);
    expect(op).toMatchObject({ Type: 'CREATE_SERVICE', Status: 'SUCCEEDED', TargetArn: arn });
    expect(op.EndedAt).toBeInstanceOf(Date);
    const service = await describe_(arn);
    expect(service.Status).toBe('RUNNING');
    expect(service.AutoScalingConfigurationSummary).toMatchObject({
      AutoScalingConfigurationName: 'DefaultConfiguration',
      IsDefault: true,
    });

    const ca = stack.workloads.tls!.ca;
    const version = await httpsGet(`https://${service.ServiceUrl}/version`, ca);
    expect(JSON.parse(version.body)).toMatchObject({ image: image(1), version: 'v1' });
    expect((await httpsGet(`https://${service.ServiceUrl}/healthz`, ca)).status).toBe(200);
  });

  it('rejects CPU/memory pairs AWS does not offer, in either notation', async () => {
    for (const [Cpu, Memory] of [
      ['1 vCPU', '1 GB'],
      ['512', '2048'],
      ['4 vCPU', '6 GB'],
      ['3 vCPU', '6 GB'],
    ]) {
      await expect(
        client.send(
          new CreateServiceCommand({ ...createInput('web-bad-pair', image(1)), InstanceConfiguration: { Cpu, Memory } }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidRequestException' }); // prettier-ignore
    }
    expect(stack.service<{ byName(n: string): unknown }>('apprunner').byName('web-bad-pair')).toBeUndefined();
  }); // prettier-ignore

  it('updates, refuses a second change while busy (InvalidStateException), then serves the new image', async () => {
    const created = await client.send(
      new CreateServiceCommand(createInput('web-update', image(1))),
    );
    const arn = created.Service!.ServiceArn!;
    await expect(
      client.send(new StartDeploymentCommand({ ServiceArn: arn })),
    ).rejects.toMatchObject({ name: 'InvalidStateException' });
    await settle(arn, created.OperationId!);

    const updated = await client.send(
      new UpdateServiceCommand({
        ServiceArn: arn,
        InstanceConfiguration: { Cpu: '1024', Memory: '3 GB' },
        SourceConfiguration: {
          ImageRepository: { ImageIdentifier: image(2), ImageRepositoryType: 'ECR', ImageConfiguration: { Port: '3000' } },
        },
      }),
    ); // prettier-ignore
    expect(updated.Service!.Status).toBe('OPERATION_IN_PROGRESS');
    await expect(
      client.send(
        new UpdateServiceCommand({ ServiceArn: arn, InstanceConfiguration: { Cpu: '256' } }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidStateException' });
    expect(await settle(arn, updated.OperationId!)).toMatchObject({ Type: 'UPDATE_SERVICE', Status: 'SUCCEEDED' }); // prettier-ignore

    const service = await describe_(arn);
    expect(service.InstanceConfiguration).toEqual({ Cpu: '1024', Memory: '3072' });
    // Fields not sent keep their values: the access role and the health check.
    expect(service.SourceConfiguration!.AuthenticationConfiguration).toEqual({
      AccessRoleArn: ROLE,
    });
    expect(service.HealthCheckConfiguration).toMatchObject({ Protocol: 'HTTP', Path: '/healthz' });
    expect(stack.workloads.get(`apprunner:${arn}`)!.release!.image).toBe(image(2));

    const deployment = await client.send(new StartDeploymentCommand({ ServiceArn: arn }));
    expect(await settle(arn, deployment.OperationId!)).toMatchObject({ Type: 'START_DEPLOYMENT', Status: 'SUCCEEDED' }); // prettier-ignore
    const ops = (await client.send(new ListOperationsCommand({ ServiceArn: arn }))).OperationSummaryList!; // prettier-ignore
    expect(ops.map((o) => o.Type)).toEqual([
      'START_DEPLOYMENT',
      'UPDATE_SERVICE',
      'CREATE_SERVICE',
    ]);
    const first = await client.send(new ListOperationsCommand({ ServiceArn: arn, MaxResults: 2 }));
    expect(first.OperationSummaryList).toHaveLength(2);
    const rest = await client.send(
      new ListOperationsCommand({ ServiceArn: arn, MaxResults: 2, NextToken: first.NextToken! }),
    );
    expect(rest.OperationSummaryList!.map((o) => o.Type)).toEqual(['CREATE_SERVICE']);
    expect(rest.NextToken).toBeUndefined();
  });

  it('rolls back a deployment whose image fails its health check: ROLLBACK_SUCCEEDED, old image serving', async () => {
    const created = await client.send(
      new CreateServiceCommand(createInput('web-rollback', image(1))),
    );
    const arn = created.Service!.ServiceArn!;
    await settle(arn, created.OperationId!);
    stack.workloads.markUnhealthy(digest(3));
    const updated = await client.send(
      new UpdateServiceCommand({
        ServiceArn: arn,
        SourceConfiguration: { ImageRepository: { ImageIdentifier: image(3), ImageRepositoryType: 'ECR' } },
      }),
    ); // prettier-ignore
    expect((await describe_(arn)).SourceConfiguration!.ImageRepository!.ImageIdentifier).toBe(image(3)); // prettier-ignore
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const op = await operation(arn, updated.OperationId!);
      seen.add(op.Status!);
      if (op.Status === 'ROLLBACK_SUCCEEDED') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect([...seen]).toEqual(['IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCEEDED']);
    const service = await describe_(arn);
    expect(service.Status).toBe('RUNNING');
    expect(service.SourceConfiguration!.ImageRepository!.ImageIdentifier).toBe(image(1));
    const served = await httpsGet(`https://${service.ServiceUrl}/version`, stack.workloads.tls!.ca);
    expect(JSON.parse(served.body).image).toBe(image(1));
  });

  it('ends a create with an unhealthy image in CREATE_FAILED; only delete works then', async () => {
    stack.workloads.markUnhealthy(digest(4));
    const created = await client.send(
      new CreateServiceCommand(createInput('web-failed', image(4))),
    );
    const arn = created.Service!.ServiceArn!;
    expect(await settle(arn, created.OperationId!)).toMatchObject({ Status: 'FAILED' });
    expect((await describe_(arn)).Status).toBe('CREATE_FAILED');
    await expect(
      client.send(
        new UpdateServiceCommand({ ServiceArn: arn, InstanceConfiguration: { Cpu: '256' } }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidStateException' });
    const deleted = await client.send(new DeleteServiceCommand({ ServiceArn: arn }));
    expect(deleted.Service!.Status).toBe('OPERATION_IN_PROGRESS');
    expect((await operation(arn, deleted.OperationId!)).Type).toBe('DELETE_SERVICE');
    await new Promise((r) => setTimeout(r, 250));
    await expect(describe_(arn)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const names = (await client.send(new ListServicesCommand({}))).ServiceSummaryList!.map((s) => s.ServiceName); // prettier-ignore
    expect(names).not.toContain('web-failed');
  });

  it('pages ListServices, and answers unknown and malformed ARNs like AWS', async () => {
    const first = await client.send(new ListServicesCommand({ MaxResults: 1 }));
    expect(first.ServiceSummaryList).toHaveLength(1);
    expect(first.NextToken).toBeDefined();
    await expect(client.send(new ListServicesCommand({ MaxResults: 50 }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
    await expect(
      describe_(
        'arn:aws:apprunner:us-east-1:123456789012:service/nope/0123456789abcdef0123456789abcdef',
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(describe_('not-an-arn')).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
  });

  it('keeps auto scaling configuration revisions with a Latest flag', async () => {
    const create = (MinSize: number) =>
      client.send(new CreateAutoScalingConfigurationCommand({ AutoScalingConfigurationName: 'web-scale', MinSize, MaxSize: 4, MaxConcurrency: 50 })); // prettier-ignore
    const one = (await create(1)).AutoScalingConfiguration!;
    const two = (await create(2)).AutoScalingConfiguration!;
    expect([one.AutoScalingConfigurationRevision, two.AutoScalingConfigurationRevision]).toEqual([1, 2]); // prettier-ignore
    const described = await client.send(
      new DescribeAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: one.AutoScalingConfigurationArn! }),
    ); // prettier-ignore
    expect(described.AutoScalingConfiguration).toMatchObject({ Latest: false, MinSize: 1, MaxSize: 4, MaxConcurrency: 50 }); // prettier-ignore
    const latest = await client.send(
      new ListAutoScalingConfigurationsCommand({ AutoScalingConfigurationName: 'web-scale', LatestOnly: true }),
    ); // prettier-ignore
    expect(latest.AutoScalingConfigurationSummaryList!.map((s) => s.AutoScalingConfigurationRevision)).toEqual([2]); // prettier-ignore
    await expect(
      client.send(new CreateAutoScalingConfigurationCommand({ AutoScalingConfigurationName: 'web-scale', MinSize: 5, MaxSize: 2 })),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' }); // prettier-ignore

    const svc = await client.send(
      new CreateServiceCommand({ ...createInput('web-scaled', image(1)), AutoScalingConfigurationArn: two.AutoScalingConfigurationArn!, Tags: [{ Key: 'team', Value: 'web' }] }),
    ); // prettier-ignore
    const arn = svc.Service!.ServiceArn!;
    expect(svc.Service!.AutoScalingConfigurationSummary).toMatchObject({ AutoScalingConfigurationRevision: 2, HasAssociatedService: true }); // prettier-ignore
    await client.send(
      new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }),
    );
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(tags.Tags).toEqual([
      { Key: 'team', Value: 'web' },
      { Key: 'env', Value: 'prod' },
    ]);
    await settle(arn, svc.OperationId!);
  });

  it('pauses and resumes a service', async () => {
    const created = await client.send(new CreateServiceCommand(createInput('web-pause', image(1))));
    const arn = created.Service!.ServiceArn!;
    await settle(arn, created.OperationId!);
    const paused = await client.send(new PauseServiceCommand({ ServiceArn: arn }));
    await settle(arn, paused.OperationId!);
    expect((await describe_(arn)).Status).toBe('PAUSED');
    expect(stack.workloads.get(`apprunner:${arn}`)!.release).toBeUndefined();
    const resumed = await client.send(new ResumeServiceCommand({ ServiceArn: arn }));
    await settle(arn, resumed.OperationId!);
    expect((await describe_(arn)).Status).toBe('RUNNING');
    expect(stack.workloads.get(`apprunner:${arn}`)!.release!.image).toBe(image(1));
  });

  it('requires the ECR access role for private ECR images', async () => {
    const input = createInput('web-no-role', image(1));
    delete input.SourceConfiguration!.AuthenticationConfiguration;
    await expect(client.send(new CreateServiceCommand(input))).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringMatching(/AccessRoleArn/),
    });
  });

  it('throttles and fails on injected faults, and logs every call', async () => {
    stack.injectFault({
      service: 'apprunner',
      operation: 'ListServices',
      kind: 'throttle',
      times: 1,
    });
    await expect(client.send(new ListServicesCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' }); // prettier-ignore
    stack.injectFault({ service: 'apprunner', operation: 'ListServices', kind: 'error', status: 500, code: 'InternalServiceErrorException', times: 1 }); // prettier-ignore
    await expect(client.send(new ListServicesCommand({}))).rejects.toMatchObject({
      name: 'InternalServiceErrorException',
      $metadata: { httpStatusCode: 500 },
    });
    await expect(client.send(new ListServicesCommand({}))).resolves.toHaveProperty('ServiceSummaryList'); // prettier-ignore
    expect(stack.requests.filter('apprunner', 'ListServices').slice(-3).map((r) => r.fault ?? r.status)).toEqual(['throttle', 'error', 200]); // prettier-ignore
  });
});
