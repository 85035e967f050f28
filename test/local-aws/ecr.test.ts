import { createHash, randomBytes } from 'node:crypto';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  ListImagesCommand,
  PutImageCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateRepositoryCommand as CreatePublicRepositoryCommand,
  DescribeImagesCommand as DescribePublicImagesCommand,
  DescribeRepositoriesCommand as DescribePublicRepositoriesCommand,
  ECRPUBLICClient,
  GetAuthorizationTokenCommand as GetPublicAuthorizationTokenCommand,
} from '@aws-sdk/client-ecr-public';
import { startLocalAws, type LocalAws } from '../../local-aws/stack';
import type { EcrService } from '../../local-aws/services/ecr';
import { findRegistryBinary } from '../../local-aws/registry/docker-registry';

const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const hasRegistry = findRegistryBinary() !== undefined;
if (!hasRegistry && process.env.CI)
  throw new Error('docker-registry is missing (.ci/install-system.sh installs it)');

const keepTwo = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'keep the 2 newest images',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 2 },
      action: { type: 'expire' },
    },
  ],
});

(hasRegistry ? describe : describe.skip)('local ECR backed by a real registry', () => {
  let stack: LocalAws;
  let ecr: ECRClient;
  let registry: string;
  let auth: string;

  beforeAll(async () => {
    stack = await startLocalAws({ only: ['ecr', 'ecr-public'] });
    ecr = new ECRClient({
      region: stack.region,
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const token = await ecr.send(new GetAuthorizationTokenCommand({}));
    auth = `Basic ${token.authorizationData?.[0]?.authorizationToken ?? ''}`;
    registry = (token.authorizationData?.[0]?.proxyEndpoint ?? '').replace('http://', '');
  });
  afterAll(() => stack.stop());

  /** Pushes a small random image over the registry API, as a docker client would. */
  async function pushImage(
    name: string,
    tag: string,
  ): Promise<{ digest: string; manifest: string }> {
    const upload = async (blob: Buffer): Promise<{ digest: string; size: number }> => {
      const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
      const start = await fetch(`http://${registry}/v2/${name}/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization: auth },
      });
      expect(start.status).toBe(202);
      const location = new URL(start.headers.get('location') ?? '', `http://${registry}`);
      location.searchParams.set('digest', digest);
      const put = await fetch(location, {
        method: 'PUT',
        headers: { authorization: auth, 'content-type': 'application/octet-stream' },
        body: blob,
      });
      expect(put.status).toBe(201);
      return { digest, size: blob.length };
    };
    const layer = await upload(randomBytes(1024));
    const config = await upload(
      Buffer.from(
        JSON.stringify({
          architecture: 'amd64',
          os: 'linux',
          rootfs: { type: 'layers', diff_ids: [layer.digest] },
        }),
      ),
    );
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_V2,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...layer }],
    });
    const res = await fetch(`http://${registry}/v2/${name}/manifests/${tag}`, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': DOCKER_V2 },
      body: manifest,
    });
    if (res.status !== 201)
      throw new Error(`push ${name}:${tag}: ${res.status} ${await res.text()}`);
    return { digest: res.headers.get('docker-content-digest') ?? '', manifest };
  }

  it('hands out 12-hour tokens for the registry, which refuses anything else', async () => {
    const token = await ecr.send(new GetAuthorizationTokenCommand({}));
    const data = token.authorizationData?.[0];
    expect(data?.proxyEndpoint).toMatch(/^http:\/\/localhost:\d+$/);
    const [user, password] = Buffer.from(data?.authorizationToken ?? '', 'base64')
      .toString()
      .split(':');
    expect(user).toBe('AWS');
    expect(password?.length).toBeGreaterThan(100);
    const hours = ((data?.expiresAt?.getTime() ?? 0) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const anonymous = await fetch(`http://${registry}/v2/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const wrong = await fetch(`http://${registry}/v2/`, {
      headers: { authorization: `Basic ${Buffer.from('AWS:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    expect(
      (await fetch(`http://${registry}/v2/`, { headers: { authorization: auth } })).status,
    ).toBe(200);
  });

  it('creates, describes and configures repositories with ECR error codes', async () => {
    const created = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'team/api',
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
      }),
    );
    expect(created.repository).toMatchObject({
      repositoryName: 'team/api',
      repositoryUri: `${registry}/team/api`,
      repositoryArn: `arn:aws:ecr:${stack.region}:${stack.accountId}:repository/team/api`,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    expect(created.repository?.createdAt).toBeInstanceOf(Date);
    await expect(
      ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/api' })),
    ).rejects.toMatchObject({
      name: 'RepositoryAlreadyExistsException',
    });
    await expect(
      ecr.send(new CreateRepositoryCommand({ repositoryName: 'Bad_Name' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
    await expect(
      ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['missing'] })),
    ).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
      message: `The repository with name 'missing' does not exist in the registry with id '${stack.accountId}'`,
    });
    await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName: 'team/api',
        imageTagMutability: 'MUTABLE',
      }),
    );
    await ecr.send(
      new PutImageScanningConfigurationCommand({
        repositoryName: 'team/api',
        imageScanningConfiguration: { scanOnPush: false },
      }),
    );
    const described = await ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: ['team/api'] }),
    );
    expect(described.repositories?.[0]).toMatchObject({
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: false },
    });
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/other' }));
    const first = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
    expect(first.repositories).toHaveLength(1);
    const second = await ecr.send(
      new DescribeRepositoriesCommand({ maxResults: 1, nextToken: first.nextToken }),
    );
    expect(second.repositories?.[0]?.repositoryName).not.toBe(
      first.repositories?.[0]?.repositoryName,
    );
  });

  it('stores lifecycle policies, rejects invalid ones, and expires images beyond the count', async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'lifecycle' }));
    await expect(
      ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'lifecycle' })),
    ).rejects.toMatchObject({
      name: 'LifecyclePolicyNotFoundException',
    });
    await expect(
      ecr.send(
        new PutLifecyclePolicyCommand({
          repositoryName: 'lifecycle',
          lifecyclePolicyText: JSON.stringify({
            rules: [
              {
                rulePriority: 1,
                selection: { tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: 1 },
                action: { type: 'expire' },
              },
            ],
          }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await ecr.send(
      new PutLifecyclePolicyCommand({ repositoryName: 'lifecycle', lifecyclePolicyText: keepTwo }),
    );
    const oldest = await pushImage('lifecycle', 'one');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const middle = await pushImage('lifecycle', 'two');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newest = await pushImage('lifecycle', 'three');
    const listed = await ecr.send(new ListImagesCommand({ repositoryName: 'lifecycle' }));
    expect(listed.imageIds?.map((id) => id.imageDigest).sort()).toEqual(
      [middle.digest, newest.digest].sort(),
    );
    expect(listed.imageIds?.map((id) => id.imageDigest)).not.toContain(oldest.digest);
    const policy = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'lifecycle' }));
    expect(policy.lifecyclePolicyText).toBe(keepTwo);
    expect(policy.lastEvaluatedAt).toBeInstanceOf(Date);
  });

  it('describes, gets and retags what was really pushed to the registry', async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' }));
    const pushed = await pushImage('web', 'abc123');
    const described = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'abc123' }] }),
    );
    expect(described.imageDetails?.[0]).toMatchObject({
      imageDigest: pushed.digest,
      imageTags: ['abc123'],
      imageSizeInBytes: 1024,
      imageManifestMediaType: DOCKER_V2,
    });
    expect(described.imageDetails?.[0]?.imagePushedAt).toBeInstanceOf(Date);
    await expect(
      ecr.send(
        new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'nope' }] }),
      ),
    ).rejects.toMatchObject({ name: 'ImageNotFoundException' });

    const got = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: 'web',
        imageIds: [{ imageDigest: pushed.digest }, { imageTag: 'missing' }],
        acceptedMediaTypes: [DOCKER_V2, 'application/vnd.oci.image.manifest.v1+json'],
      }),
    );
    expect(got.images?.[0]?.imageManifest).toBe(pushed.manifest);
    // ECR's imageId holds the image's tag and digest: asked by digest, a tagged image is echoed
    // with a tag too (callers match answers by what they asked, not by the echo).
    expect(got.images?.[0]?.imageId).toEqual({ imageDigest: pushed.digest, imageTag: 'abc123' });
    expect(got.failures).toEqual([
      {
        imageId: { imageTag: 'missing' },
        failureCode: 'ImageNotFound',
        failureReason: 'Requested image not found',
      },
    ]);

    const put = await ecr.send(
      new PutImageCommand({
        repositoryName: 'web',
        imageManifest: pushed.manifest,
        imageManifestMediaType: DOCKER_V2,
        imageTag: 'prod-1',
      }),
    );
    expect(put.image?.imageId).toEqual({ imageDigest: pushed.digest, imageTag: 'prod-1' });
    // The registry itself now holds the tag: docker clients and the API agree.
    const tags = (await (
      await fetch(`http://${registry}/v2/web/tags/list`, { headers: { authorization: auth } })
    ).json()) as { tags: string[] };
    expect(tags.tags.sort()).toEqual(['abc123', 'prod-1']);
    await expect(
      ecr.send(
        new PutImageCommand({
          repositoryName: 'web',
          imageManifest: pushed.manifest,
          imageTag: 'prod-1',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ImageAlreadyExistsException' });
  });

  it('refuses to move an immutable tag, through the API and through a push', async () => {
    await ecr.send(
      new CreateRepositoryCommand({ repositoryName: 'locked', imageTagMutability: 'IMMUTABLE' }),
    );
    const first = await pushImage('locked', 'v1');
    const other = await pushImage('locked', 'v2');
    await expect(
      ecr.send(
        new PutImageCommand({
          repositoryName: 'locked',
          imageManifest: other.manifest,
          imageTag: 'v1',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ImageTagAlreadyExistsException',
      message:
        "The image tag 'v1' already exists in the 'locked' repository and cannot be overwritten because the repository is immutable.",
    });
    await expect(pushImage('locked', 'v1')).rejects.toThrow(/400 .*TAG_INVALID/);
    const still = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'locked', imageIds: [{ imageTag: 'v1' }] }),
    );
    expect(still.imageDetails?.[0]?.imageDigest).toBe(first.digest);
    // Exclusion filters: release-* stays immutable, everything else may move.
    await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName: 'locked',
        imageTagMutability: 'MUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'release-*' }],
      }),
    );
    await ecr.send(
      new PutImageCommand({
        repositoryName: 'locked',
        imageManifest: other.manifest,
        imageTag: 'v1',
      }),
    );
    await ecr.send(
      new PutImageCommand({
        repositoryName: 'locked',
        imageManifest: first.manifest,
        imageTag: 'release-1',
      }),
    );
    await expect(
      ecr.send(
        new PutImageCommand({
          repositoryName: 'locked',
          imageManifest: other.manifest,
          imageTag: 'release-1',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ImageTagAlreadyExistsException' });
  });

  it('answers NAME_UNKNOWN for pushes to a repository ECR does not know', async () => {
    const res = await fetch(`http://${registry}/v2/nowhere/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization: auth },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'NAME_UNKNOWN' }] });
  });

  it('deletes repositories, refusing non-empty ones without force', async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'gone' }));
    await pushImage('gone', 'x');
    await expect(
      ecr.send(new DeleteRepositoryCommand({ repositoryName: 'gone' })),
    ).rejects.toMatchObject({
      name: 'RepositoryNotEmptyException',
    });
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'gone', force: true }));
    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: 'gone' })),
    ).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
    });
  });

  it('serves ECR Public repositories from the same registry, under the registry alias', async () => {
    const pub = new ECRPUBLICClient({
      region: 'us-east-1',
      endpoint: stack.endpoint,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const token = await pub.send(new GetPublicAuthorizationTokenCommand({}));
    const [user, password] = Buffer.from(
      token.authorizationData?.authorizationToken ?? '',
      'base64',
    )
      .toString()
      .split(':');
    expect(user).toBe('AWS');
    expect(token.authorizationData?.expiresAt).toBeInstanceOf(Date);
    const created = await pub.send(new CreatePublicRepositoryCommand({ repositoryName: 'tools' }));
    expect(created.repository).toMatchObject({
      repositoryName: 'tools',
      repositoryUri: `${registry}/local/tools`,
      repositoryArn: `arn:aws:ecr-public::${stack.accountId}:repository/tools`,
    });
    await expect(
      pub.send(new DescribePublicRepositoriesCommand({ repositoryNames: ['nope'] })),
    ).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
    // The public token opens the registry too.
    const publicAuth = `Basic ${Buffer.from(`AWS:${password ?? ''}`).toString('base64')}`;
    expect(
      (await fetch(`http://${registry}/v2/`, { headers: { authorization: publicAuth } })).status,
    ).toBe(200);
    const pushed = await pushImage('local/tools', 'v1');
    const images = await pub.send(
      new DescribePublicImagesCommand({ repositoryName: 'tools', imageIds: [{ imageTag: 'v1' }] }),
    );
    expect(images.imageDetails?.[0]).toMatchObject({
      imageDigest: pushed.digest,
      imageTags: ['v1'],
    });
    await expect(
      pub.send(
        new DescribePublicImagesCommand({
          repositoryName: 'tools',
          imageIds: [{ imageTag: 'v2' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ImageNotFoundException' });
    expect(stack.requests.operations('ecr-public')).toEqual([
      'GetAuthorizationToken',
      'CreateRepository',
      'DescribeRepositories',
      'DescribeImages',
      'DescribeImages',
    ]);
  });

  it('injects API faults and registry faults, and logs both', async () => {
    stack.injectFault({ service: 'ecr', operation: 'DescribeImages', kind: 'throttle', times: 1 });
    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: 'web' })),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    stack.injectFault({
      service: 'ecr-registry',
      operation: 'GetManifest',
      kind: 'throttle',
      times: 1,
    });
    const throttled = await fetch(`http://${registry}/v2/web/manifests/abc123`, {
      headers: { authorization: auth, accept: DOCKER_V2 },
    });
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toMatchObject({ errors: [{ code: 'TOOMANYREQUESTS' }] });
    stack.injectFault({
      service: 'ecr-registry',
      operation: 'HeadManifest',
      kind: 'reset',
      times: 1,
    });
    await expect(
      fetch(`http://${registry}/v2/web/manifests/abc123`, {
        method: 'HEAD',
        headers: { authorization: auth },
      }),
    ).rejects.toThrow();
    const registryLog = stack.requests
      .filter('ecr-registry')
      .map((r) => `${r.operation}:${r.fault ?? r.status}`);
    expect(registryLog).toEqual(
      expect.arrayContaining(['GetManifest:throttle', 'HeadManifest:reset']),
    );
    expect(stack.service<EcrService>('ecr').registryHost).toBe(registry);
  });
});
