import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';

describe('local AWS stack: SSM Parameter Store', () => {
  let stack: LocalAws;
  let client: SSMClient;
  beforeAll(async () => {
    stack = await startLocalAws({ only: ['ssm'] });
    client = new SSMClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    await client.send(
      new PutParameterCommand({
        Name: '/app/prod/db-url',
        Type: 'SecureString',
        Value: 'postgres://u:s3cret@h/db',
      }),
    );
    await client.send(
      new PutParameterCommand({ Name: '/app/prod/region', Type: 'String', Value: 'eu-west-1' }),
    );
    await client.send(
      new PutParameterCommand({ Name: '/app/prod/nested/flag', Type: 'String', Value: 'on' }),
    );
  });
  afterAll(() => stack.stop());

  it('returns SecureString values only with decryption; without it an opaque blob', async () => {
    const plain = await client.send(
      new GetParameterCommand({ Name: '/app/prod/db-url', WithDecryption: true }),
    );
    expect(plain.Parameter).toMatchObject({
      Name: '/app/prod/db-url',
      Type: 'SecureString',
      Value: 'postgres://u:s3cret@h/db',
      Version: 1,
      ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/db-url',
      DataType: 'text',
    });
    expect(plain.Parameter?.LastModifiedDate).toBeInstanceOf(Date);
    const encrypted = await client.send(new GetParameterCommand({ Name: '/app/prod/db-url' }));
    expect(encrypted.Parameter?.Value).toMatch(/^AQICAH[A-Za-z0-9+/=]+$/);
    expect(encrypted.Parameter?.Value).not.toContain('s3cret');
    const byArn = await client.send(
      new GetParameterCommand({ Name: plain.Parameter!.ARN, WithDecryption: true }),
    );
    expect(byArn.Parameter?.Value).toBe('postgres://u:s3cret@h/db');
  });

  it('refuses to overwrite without Overwrite (ParameterAlreadyExists) and versions overwrites', async () => {
    await expect(
      client.send(
        new PutParameterCommand({ Name: '/app/prod/region', Type: 'String', Value: 'x' }),
      ),
    ).rejects.toMatchObject({ name: 'ParameterAlreadyExists', $metadata: { httpStatusCode: 400 } });
    const put = await client.send(
      new PutParameterCommand({ Name: '/app/prod/region', Value: 'us-west-2', Overwrite: true }),
    );
    expect(put).toMatchObject({ Version: 2, Tier: 'Standard' });
    const latest = await client.send(new GetParameterCommand({ Name: '/app/prod/region' }));
    expect(latest.Parameter).toMatchObject({ Value: 'us-west-2', Version: 2, Type: 'String' });
    const v1 = await client.send(new GetParameterCommand({ Name: '/app/prod/region:1' }));
    expect(v1.Parameter).toMatchObject({ Value: 'eu-west-1', Version: 1, Selector: ':1' });
    await expect(
      client.send(new GetParameterCommand({ Name: '/app/prod/region:9' })),
    ).rejects.toMatchObject({
      name: 'ParameterVersionNotFound',
    });
  });

  it('answers ParameterNotFound and validation errors', async () => {
    await expect(client.send(new GetParameterCommand({ Name: '/nope' }))).rejects.toMatchObject({
      name: 'ParameterNotFound',
    });
    await expect(
      client.send(new PutParameterCommand({ Name: '/new', Value: 'x' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      client.send(new PutParameterCommand({ Name: 'bad name!', Type: 'String', Value: 'x' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('GetParameters returns found parameters and lists the invalid ones', async () => {
    const result = await client.send(
      new GetParametersCommand({
        Names: ['/app/prod/region', '/missing', '/app/prod/db-url'],
        WithDecryption: true,
      }),
    );
    expect(result.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/app/prod/region', 'us-west-2'],
      ['/app/prod/db-url', 'postgres://u:s3cret@h/db'],
    ]);
    expect(result.InvalidParameters).toEqual(['/missing']);
  });

  it('GetParametersByPath: one level or recursive, paginated, decrypting on request', async () => {
    const oneLevel = await client.send(new GetParametersByPathCommand({ Path: '/app/prod' }));
    expect(oneLevel.Parameters?.map((p) => p.Name)).toEqual([
      '/app/prod/db-url',
      '/app/prod/region',
    ]);
    expect(oneLevel.Parameters?.[0]?.Value).not.toContain('s3cret');
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(
        new GetParametersByPathCommand({
          Path: '/app/',
          Recursive: true,
          WithDecryption: true,
          MaxResults: 2,
          NextToken: token,
        }),
      );
      names.push(...(page.Parameters ?? []).map((p) => `${p.Name}=${p.Value}`));
      token = page.NextToken;
      pages++;
    } while (token !== undefined);
    expect(pages).toBe(2);
    expect(names).toEqual([
      '/app/prod/db-url=postgres://u:s3cret@h/db',
      '/app/prod/nested/flag=on',
      '/app/prod/region=us-west-2',
    ]);
    await expect(
      client.send(new GetParametersByPathCommand({ Path: '/app', MaxResults: 11 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(new GetParametersByPathCommand({ Path: '/app', NextToken: 'garbage' })),
    ).rejects.toMatchObject({ name: 'InvalidNextToken' });
  });

  it('deletes parameters', async () => {
    await client.send(new PutParameterCommand({ Name: '/tmp/x', Type: 'String', Value: '1' }));
    await client.send(new DeleteParameterCommand({ Name: '/tmp/x' }));
    await expect(client.send(new DeleteParameterCommand({ Name: '/tmp/x' }))).rejects.toMatchObject(
      {
        name: 'ParameterNotFound',
      },
    );
    expect(stack.requests.count('ssm', 'DeleteParameter')).toBe(2);
  });
});
