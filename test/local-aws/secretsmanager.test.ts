import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { SecretsManagerState } from '../../local-aws/services/secretsmanager';

describe('local AWS stack: Secrets Manager', () => {
  let stack: LocalAws;
  let client: SecretsManagerClient;
  beforeAll(async () => {
    stack = await startLocalAws({ only: ['secretsmanager'] });
    client = new SecretsManagerClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
  });
  afterAll(() => stack.stop());

  it('creates a secret with an AWS-shaped ARN (random 6-character suffix) and reads it by name and ARN', async () => {
    const created = await client.send(
      new CreateSecretCommand({
        Name: 'app/db',
        SecretString: '{"password":"p1"}',
        Description: 'db',
      }),
    );
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/db-[A-Za-z0-9]{6}$/,
    );
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'app/db' }));
    expect(byName).toMatchObject({
      Name: 'app/db',
      SecretString: '{"password":"p1"}',
      VersionStages: ['AWSCURRENT'],
    });
    expect(byName.CreatedDate).toBeInstanceOf(Date);
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect(byArn.VersionId).toBe(created.VersionId);
    const partialArn = created.ARN!.slice(0, -7);
    const byPartial = await client.send(new GetSecretValueCommand({ SecretId: partialArn }));
    expect(byPartial.ARN).toBe(created.ARN);
  });

  it('keeps versions: PutSecretValue moves AWSCURRENT and AWSPREVIOUS; VersionId and VersionStage select', async () => {
    const first = await client.send(
      new CreateSecretCommand({ Name: 'rotating', SecretString: 'v1' }),
    );
    const second = await client.send(
      new PutSecretValueCommand({ SecretId: 'rotating', SecretString: 'v2' }),
    );
    expect(second.VersionStages).toEqual(['AWSCURRENT']);
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'rotating' })),
    ).resolves.toMatchObject({
      SecretString: 'v2',
    });
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'rotating', VersionStage: 'AWSPREVIOUS' })),
    ).resolves.toMatchObject({ SecretString: 'v1', VersionId: first.VersionId });
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'rotating', VersionId: first.VersionId })),
    ).resolves.toMatchObject({ SecretString: 'v1', VersionStages: ['AWSPREVIOUS'] });
    await client.send(new PutSecretValueCommand({ SecretId: 'rotating', SecretString: 'v3' }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'rotating' }));
    expect(described.VersionIdsToStages?.[second.VersionId!]).toEqual(['AWSPREVIOUS']);
    expect(described.VersionIdsToStages?.[first.VersionId!]).toBeUndefined();
    expect(
      Object.values(described.VersionIdsToStages ?? {})
        .flat()
        .sort(),
    ).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);
    expect(described.LastChangedDate).toBeInstanceOf(Date);
  });

  it('is idempotent on ClientRequestToken and refuses a different value under the same token', async () => {
    await client.send(new CreateSecretCommand({ Name: 'idem', SecretString: 'a' }));
    const token = '0123456789abcdef0123456789abcdef';
    const put = await client.send(
      new PutSecretValueCommand({ SecretId: 'idem', SecretString: 'b', ClientRequestToken: token }),
    );
    const again = await client.send(
      new PutSecretValueCommand({ SecretId: 'idem', SecretString: 'b', ClientRequestToken: token }),
    );
    expect(again.VersionId).toBe(put.VersionId);
    await expect(
      client.send(
        new PutSecretValueCommand({
          SecretId: 'idem',
          SecretString: 'c',
          ClientRequestToken: token,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceExistsException' });
  });

  it('answers AWS error codes: ResourceNotFoundException, ResourceExistsException, InvalidRequestException', async () => {
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'missing' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'app/db', VersionStage: 'AWSPENDING' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      client.send(new CreateSecretCommand({ Name: 'app/db', SecretString: 'x' })),
    ).rejects.toMatchObject({
      name: 'ResourceExistsException',
    });
    await client.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'x' }));
    const deleted = await client.send(
      new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 7 }),
    );
    expect(deleted.DeletionDate).toBeInstanceOf(Date);
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'doomed' })),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
    await expect(
      client.send(new DescribeSecretCommand({ SecretId: 'doomed' })),
    ).resolves.toHaveProperty('DeletedDate');
    await expect(
      client.send(
        new CreateSecretCommand({
          Name: 'both',
          SecretString: 'x',
          SecretBinary: Buffer.from('y'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('stores binary secrets', async () => {
    await client.send(
      new CreateSecretCommand({ Name: 'bin', SecretBinary: Buffer.from([0, 1, 2, 255]) }),
    );
    const value = await client.send(new GetSecretValueCommand({ SecretId: 'bin' }));
    expect(Buffer.from(value.SecretBinary!)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(value.SecretString).toBeUndefined();
  });

  it('fails with DecryptionFailure when told to (a disabled KMS key), by state handle or fault rule', async () => {
    const state = stack.service<SecretsManagerState>('secretsmanager');
    state.setDecryptionFailure('app/db', true);
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'app/db' })),
    ).rejects.toMatchObject({
      name: 'DecryptionFailure',
    });
    state.setDecryptionFailure('app/db', false);
    stack.injectFault({
      service: 'secretsmanager',
      operation: 'GetSecretValue',
      kind: 'error',
      status: 400,
      code: 'DecryptionFailure',
      times: 1,
    });
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'app/db' })),
    ).rejects.toMatchObject({
      name: 'DecryptionFailure',
    });
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'app/db' })),
    ).resolves.toHaveProperty('SecretString');
  });

  it('lists secrets with pagination', async () => {
    const first = await client.send(new ListSecretsCommand({ MaxResults: 2 }));
    expect(first.SecretList).toHaveLength(2);
    expect(first.NextToken).toBeDefined();
    const rest = await client.send(
      new ListSecretsCommand({ MaxResults: 100, NextToken: first.NextToken }),
    );
    const names = [...first.SecretList!, ...rest.SecretList!].map((s) => s.Name);
    expect(names).toEqual(['app/db', 'bin', 'idem', 'rotating']);
    expect(stack.requests.count('secretsmanager', 'ListSecrets')).toBe(2);
  });
});
