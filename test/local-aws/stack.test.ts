import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';

describe('local AWS stack core', () => {
  let stack: LocalAws;
  beforeAll(async () => {
    stack = await startLocalAws({ only: ['sts'] });
  });
  afterAll(() => stack.stop());

  const sts = (): STSClient =>
    new STSClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });

  it('answers STS GetCallerIdentity through the real SDK client (awsQuery)', async () => {
    const identity = await sts().send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(stack.accountId);
    expect(identity.Arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\//);
    expect(stack.requests.operations('sts')).toEqual(['GetCallerIdentity']);
  });

  it('injects throttling for the next N calls, and the SDK sees the AWS error code', async () => {
    stack.injectFault({ service: 'sts', kind: 'throttle', times: 1 });
    await expect(sts().send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
    });
    await expect(sts().send(new GetCallerIdentityCommand({}))).resolves.toHaveProperty('Account');
  });

  it('injects connection resets and latency', async () => {
    stack.injectFault({ service: 'sts', kind: 'reset', times: 1 });
    await expect(sts().send(new GetCallerIdentityCommand({}))).rejects.toThrow();
    stack.injectFault({ service: 'sts', kind: 'latency', latencyMs: 150, times: 1 });
    const started = Date.now();
    await sts().send(new GetCallerIdentityCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(stack.requests.filter('sts').map((r) => r.fault ?? 'none')).toEqual(
      expect.arrayContaining(['reset', 'latency']),
    );
  });

  it('rejects unsigned requests like AWS does', async () => {
    const res = await fetch(`${stack.endpoint}/`, {
      method: 'POST',
      body: 'Action=GetCallerIdentity',
    });
    expect(res.status).toBe(403);
  });

  it('serves its control API', async () => {
    const res = await fetch(`${stack.endpoint}/_local/health`);
    expect(await res.json()).toEqual({ status: 'ok', services: ['sts'] });
  });
});
