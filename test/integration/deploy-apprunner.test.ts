import { request } from 'node:https';
import {
  AppRunnerClient,
  CreateServiceCommand,
  ListAutoScalingConfigurationsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-apprunner';
import type { AppRunnerState } from '../../local-aws/services/apprunner';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import { findLeaks, nodeRuntimes, runDist, type DistRun } from '../support/run-dist';

// The compiled action against the local stack's App Runner, as the runner runs it.
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web';
const ROLE = 'arn:aws:iam::123456789012:role/apprunner-ecr-access';
const digest = (n: number): string => `sha256:${n.toString(16).repeat(64).slice(0, 64)}`;
const image = (n: number): string => `${REPO}@${digest(n)}`;
const MUTATING = ['CreateService', 'UpdateService', 'StartDeployment', 'DeleteService', 'TagResource', 'CreateAutoScalingConfiguration']; // prettier-ignore
/** Short polls: the stack's operations take 300 ms here. */
const FAST = { 'poll-interval': '100ms', 'max-poll-interval': '300ms', timeout: '30s' };

let stack: LocalAws;
/** Read live by the stack: a test may slow operations down for a while. */
const timings: Record<string, number> = {
  'apprunner.operation': 300,
  'apprunner.rollback': 300,
  'apprunner.delete': 150,
};
beforeAll(async () => {
  stack = await startLocalAws({ only: ['apprunner'], timings });
});
afterAll(() => stack.stop());

const state = (): AppRunnerState => stack.service<AppRunnerState>('apprunner');
/** The requests one run made: the log entries after `mark`. */
const since = (mark: number) => stack.requests.all().filter((r) => r.seq > mark && r.service === 'apprunner'); // prettier-ignore
const lastSeq = (): number => stack.requests.all().at(-1)?.seq ?? 0;
const mutations = (mark: number): string[] => since(mark).map((r) => r.operation).filter((op) => MUTATING.includes(op)); // prettier-ignore

function deploy(node: string, inputs: Record<string, string>): Promise<DistRun> {
  return runDist('deploy-apprunner', { node, env: stack.env, inputs: { ...FAST, ...inputs } });
}

function httpsGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca: stack.workloads.tls!.ca }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe.each(nodeRuntimes())('deploy-apprunner dist on $label', ({ path: node, label }) => {
  const name = `web-${label.startsWith('node24') ? 'n24' : 'mach'}`;

  it('creates the service, then serves the image at https://<ServiceUrl>', async () => {
    const mark = lastSeq();
    const run = await deploy(node, {
      service: name,
      image: image(1),
      'access-role-arn': ROLE,
      port: '3000',
      cpu: '0.5',
      memory: '1 GB',
      environment: 'APP_VERSION=v1\nLOG_LEVEL=info',
      'health-check-path': '/healthz',
      tags: 'team=web',
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'created', image: image(1), 'previous-image': '' });
    expect(run.outputs['service-url']).toMatch(/^https:\/\/localhost:\d+$/);
    expect(run.outputs['operation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const version = await httpsGet(`${run.outputs['service-url']}/version`);
    expect(JSON.parse(version.body)).toMatchObject({ image: image(1), version: 'v1' });
    expect(since(mark)[0]?.operation).toBe('ListServices');
    expect(mutations(mark)).toEqual(['CreateService']);
    expect(run.summary).toContain('deploy-apprunner: ' + name);
    expect(run.summary).toContain('health check Path');
    const service = state().byName(name)!;
    expect(service.config.InstanceConfiguration).toEqual({ Cpu: '512', Memory: '1024' });
    expect(service.tags).toEqual([{ Key: 'team', Value: 'web' }]);
  });

  it('updates only what was given: new image and size, port / env / health check kept', async () => {
    const mark = lastSeq();
    const run = await deploy(node, {
      service: name,
      image: image(2),
      cpu: '1 vCPU',
      memory: '2 GB',
    });
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ status: 'updated', image: image(2), 'previous-image': image(1) }); // prettier-ignore
    const ops = since(mark).map((r) => r.operation);
    expect(ops.filter((op) => op !== 'ListOperations')).toEqual(['ListServices', 'DescribeService', 'UpdateService', 'DescribeService']); // prettier-ignore
    expect(ops.filter((op) => op === 'ListOperations').length).toBeGreaterThanOrEqual(1);
    const service = state().byName(name)!;
    expect(service.config.InstanceConfiguration).toEqual({ Cpu: '1024', Memory: '2048' });
    expect(service.config.SourceConfiguration.ImageRepository!.ImageConfiguration).toMatchObject({
      Port: '3000',
      RuntimeEnvironmentVariables: { APP_VERSION: 'v1', LOG_LEVEL: 'info' },
    });
    expect(service.config.HealthCheckConfiguration.Path).toBe('/healthz');
    expect(run.summary).toMatch(/image.*sha256:1{64}.*sha256:2{64}/s);
    expect(run.summary).toContain('cpu');
  });

  it('does nothing when nothing changed, and says so; force-deployment redeploys', async () => {
    const mark = lastSeq();
    const run = await deploy(node, { service: name, image: image(2), cpu: '1024' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'unchanged', image: image(2), 'operation-id': '' });
    expect(mutations(mark)).toEqual([]);
    expect(run.stdout).toContain('nothing changed');
    const forced = await deploy(node, { service: name, image: image(2), 'force-deployment': 'true' }); // prettier-ignore
    expect(forced.outputs).toMatchObject({ status: 'redeployed', image: image(2) });
    expect(mutations(mark)).toEqual(['StartDeployment']);
  });

  it('fails on a rollback, naming the image still running; previous-image is the rollback target', async () => {
    stack.workloads.markUnhealthy(digest(3));
    const run = await deploy(node, { service: name, image: image(3) });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/ROLLBACK_SUCCEEDED.*rolled back; the service runs .*sha256:2{64}/); // prettier-ignore
    expect(run.outputs).toMatchObject({ status: 'rolled-back', image: image(2), 'previous-image': image(2) }); // prettier-ignore
    expect(run.summary).toContain('Rolled back');
    expect(JSON.parse((await httpsGet(`${run.outputs['service-url']}/version`)).body).image).toBe(image(2)); // prettier-ignore
  });

  it('deploys an explicit older digest (what a rollback step does with previous-image)', async () => {
    const run = await deploy(node, { service: name, image: image(1) });
    expect(run.outputs).toMatchObject({ status: 'updated', image: image(1), 'previous-image': image(2) }); // prettier-ignore
  });
});

describe('deploy-apprunner dist, more paths (Node 24, as GitHub runs it)', () => {
  const node = nodeRuntimes()[0]!.path;

  it('rejects an invalid CPU/memory pair before any AWS call', async () => {
    const mark = lastSeq();
    const run = await deploy(node, { service: 'web-pair', image: image(1), cpu: '1 vCPU', memory: '1 GB' }); // prettier-ignore
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/Input 'memory': App Runner does not offer 1 vCPU with 1 GB.*2 GB or 3 GB or 4 GB/); // prettier-ignore
    expect(since(mark)).toEqual([]);
  });

  it('waits for an operation already in progress, then deploys', async () => {
    // Its own stack with slower operations, so the other operation is surely still running
    // when the action (a new Node process) starts.
    const slow = await startLocalAws({ only: ['apprunner'], timings: { 'apprunner.operation': 1500 } }); // prettier-ignore
    try {
      const client = new AppRunnerClient({ region: slow.region, endpoint: slow.endpoint, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'x' } }); // prettier-ignore
      const created = await client.send(
        new CreateServiceCommand({
          ServiceName: 'web-busy',
          SourceConfiguration: { ImageRepository: { ImageIdentifier: image(1), ImageRepositoryType: 'ECR' }, AuthenticationConfiguration: { AccessRoleArn: ROLE } }, // prettier-ignore
        }),
      );
      const arn = created.Service!.ServiceArn!;
      // The action starts while the create (someone else's operation) is still in progress.
      await client.send(
        new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'k', Value: 'v' }] }),
      );
      const mark = slow.requests.all().at(-1)!.seq;
      const run = await runDist('deploy-apprunner', {
        node,
        env: slow.env,
        inputs: { ...FAST, service: arn, image: image(2), cpu: '2', memory: '4 GB' },
      });
      expect(run.errors).toEqual([]);
      expect(run.stdout).toContain('busy with another operation');
      expect(run.outputs).toMatchObject({ status: 'updated', image: image(2), 'previous-image': image(1) }); // prettier-ignore
      const ops = slow.requests
        .all()
        .filter((r) => r.seq > mark)
        .map((r) => r.operation);
      expect(ops).not.toContain('ListServices'); // found by ARN
      expect(ops.slice(0, 2)).toEqual(['DescribeService', 'DescribeService']); // busy, polled
      expect(ops.filter((op) => op !== 'ListOperations' && op !== 'DescribeService')).toEqual(['UpdateService']); // prettier-ignore
      const service = slow.service<AppRunnerState>('apprunner').byName('web-busy')!;
      expect(service.config.InstanceConfiguration).toEqual({ Cpu: '2048', Memory: '4096' });
    } finally {
      await slow.stop();
    }
  });

  it('redeploys a mutable tag with StartDeployment', async () => {
    const tagged = `${REPO}:main`;
    expect((await deploy(node, { service: 'web-tag', image: tagged, 'access-role-arn': ROLE })).outputs.status).toBe('created'); // prettier-ignore
    const mark = lastSeq();
    const run = await deploy(node, { service: 'web-tag', image: tagged });
    expect(run.outputs).toMatchObject({ status: 'redeployed', image: tagged, 'previous-image': tagged }); // prettier-ignore
    expect(mutations(mark)).toEqual(['StartDeployment']);
  });

  it('reports CREATE_FAILED, refuses to touch it by default, replaces it when allowed', async () => {
    stack.workloads.markUnhealthy(digest(9));
    const failed = await deploy(node, { service: 'web-failed', image: image(9), 'access-role-arn': ROLE }); // prettier-ignore
    expect(failed.exitCode).toBe(1);
    expect(failed.outputs).toMatchObject({ status: 'failed', image: '' });
    expect(failed.errors[0]).toMatch(/FAILED.*CREATE_FAILED/);

    const mark = lastSeq();
    const refused = await deploy(node, { service: 'web-failed', image: image(1), 'access-role-arn': ROLE }); // prettier-ignore
    expect(refused.exitCode).toBe(1);
    expect(refused.errors[0]).toMatch(/Input 'replace-failed-service'.*CREATE_FAILED/);
    expect(mutations(mark)).toEqual([]);

    const replaced = await deploy(node, { service: 'web-failed', image: image(1), 'access-role-arn': ROLE, 'replace-failed-service': 'true' }); // prettier-ignore
    expect(replaced.errors).toEqual([]);
    expect(replaced.outputs).toMatchObject({ status: 'created', image: image(1) });
    expect(replaced.outputs['service-arn']).not.toBe(failed.outputs['service-arn']);
    expect(mutations(mark)).toEqual(['DeleteService', 'CreateService']);
  });

  it('passes secrets as RuntimeEnvironmentSecrets and never prints a secret-looking env value', async () => {
    const password = 'pa55-w0rd-do-not-print';
    const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::';
    const run = await deploy(node, {
      service: 'web-secrets',
      image: image(1),
      'access-role-arn': ROLE,
      environment: `DB_PASSWORD=${password}\nMODE=prod`,
      secrets: `DB_URL=${secretArn}\nAPI_TOKEN=arn:aws:ssm:us-east-1:123456789012:parameter/web/api-token`,
    });
    expect(run.errors).toEqual([]);
    expect(findLeaks(run, [password])).toEqual([]);
    expect(run.warnings.join('\n')).toMatch(/DB_PASSWORD looks like a secret/);
    const config = state().byName('web-secrets')!.config.SourceConfiguration.ImageRepository!.ImageConfiguration!; // prettier-ignore
    expect(config.RuntimeEnvironmentSecrets).toEqual({ DB_URL: secretArn, API_TOKEN: 'arn:aws:ssm:us-east-1:123456789012:parameter/web/api-token' }); // prettier-ignore

    const bad = await deploy(node, { service: 'web-secrets', image: image(1), secrets: 'DB_URL=my-db-password' }); // prettier-ignore
    expect(bad.errors[0]).toMatch(/Input 'secrets': DB_URL: expected a Secrets Manager secret ARN/);
    expect(bad.log).not.toContain('my-db-password');
  });

  it('reuses an auto scaling configuration with the same values instead of a new revision', async () => {
    const scale = { service: 'web-scale', image: image(1), 'access-role-arn': ROLE, 'min-instances': '2', 'max-instances': '5', 'max-concurrency': '80' }; // prettier-ignore
    const first = await deploy(node, scale);
    expect(first.outputs.status).toBe('created');
    expect(first.stdout).toContain('auto scaling configuration: created web-scale revision 1');
    const again = await deploy(node, scale);
    expect(again.outputs.status).toBe('unchanged');
    const client = new AppRunnerClient({ region: stack.region, endpoint: stack.endpoint, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'x' } }); // prettier-ignore
    const list = await client.send(new ListAutoScalingConfigurationsCommand({ AutoScalingConfigurationName: 'web-scale' })); // prettier-ignore
    expect(list.AutoScalingConfigurationSummaryList).toHaveLength(1);
    const bigger = await deploy(node, { ...scale, 'max-instances': '8' });
    expect(bigger.outputs.status).toBe('updated');
    expect(bigger.stdout).toContain('max instances: 5 -> 8');
  });

  it('shows the diff in a dry run without changing anything', async () => {
    const mark = lastSeq();
    const run = await deploy(node, { service: 'web-scale', image: image(2), cpu: '2', memory: '4 GB', 'health-check-path': '/ready', 'dry-run': 'true' }); // prettier-ignore
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('dry-run');
    expect(mutations(mark)).toEqual([]);
    expect(run.stdout).toContain('cpu: 1 vCPU -> 2 vCPU');
    expect(run.stdout).toContain('health check Path: / -> /ready');
    expect(run.summary).toContain('Changes that would be applied');
  });

  it('rides out throttling and 5xx errors', async () => {
    stack.injectFault({
      service: 'apprunner',
      operation: 'ListServices',
      kind: 'throttle',
      times: 2,
    });
    stack.injectFault({ service: 'apprunner', operation: 'UpdateService', kind: 'error', status: 500, code: 'InternalServiceErrorException', times: 1 }); // prettier-ignore
    stack.injectFault({ service: 'apprunner', operation: 'ListOperations', kind: 'error', status: 503, times: 2 }); // prettier-ignore
    const mark = lastSeq();
    const run = await deploy(node, { service: 'web-scale', image: image(4) });
    expect(run.errors).toEqual([]);
    expect(run.outputs.status).toBe('updated');
    const faults = since(mark).filter((r) => r.fault !== undefined).map((r) => `${r.operation}:${r.fault}`); // prettier-ignore
    expect(faults).toEqual(['ListServices:throttle', 'ListServices:throttle', 'UpdateService:error', 'ListOperations:error', 'ListOperations:error']); // prettier-ignore
    expect(mutations(mark).filter((op) => op === 'UpdateService')).toHaveLength(2); // the failed one and its retry
  });

  it('stops waiting at the deadline, says the operation goes on, and still sets the outputs', async () => {
    timings['apprunner.operation'] = 4000;
    try {
      const run = await deploy(node, { service: 'web-scale', image: image(5), timeout: '1s' });
      expect(run.exitCode).toBe(1);
      expect(run.errors[0]).toMatch(/Timed out: Timed out after .* waiting for App Runner operation .*last state: IN_PROGRESS.*raise timeout/); // prettier-ignore
      expect(run.outputs).toMatchObject({ status: 'timed-out', 'previous-image': image(4) });
      expect(run.outputs['operation-id']).not.toBe('');
    } finally {
      timings['apprunner.operation'] = 300;
    }
  });
});
