import path from 'node:path';
import { AwsError } from '../server/aws-error';
import { jsonService } from '../server/protocols';
import type { AwsService, ServiceFactory } from '../server/service';
import {
  findRegistryBinary,
  startDockerRegistry,
  type RunningRegistry,
} from '../registry/docker-registry';
import { startRegistryFront, type RegistryFront } from '../registry/proxy';
import { RegistryClient } from '../registry/registry-client';
import {
  EcrImages,
  imageDetail,
  imageIdText,
  invalidImageId,
  MANIFEST_MEDIA_TYPES,
  readImageIds,
  type ImageRecord,
} from './ecr/images';
import { expiredImages, parseLifecyclePolicy } from './ecr/lifecycle';
import { EcrState, readMutability, repositoryShape, type EcrRepository } from './ecr/state';

/** The ECR service handle tests get from `stack.service<EcrService>('ecr')`. */
export interface EcrService extends AwsService {
  state: EcrState;
  /** `localhost:PORT`, the registry host clients push to; undefined without a registry. */
  registryHost: string | undefined;
  /** The real registry behind the front (no auth, no faults), for tests that inspect it. */
  upstreamUrl: string | undefined;
  /** Image reads and writes against the registry (shared with ECR Public). */
  images: EcrImages;
}

/**
 * ECR (awsJson1_1) backed by a real registry: Debian `docker-registry` started as a child
 * process, behind a front that checks ECR tokens (see local-aws/registry). Images, tags and
 * digests are read from the registry itself, so `docker push` and the API always agree.
 *
 * Options (`services: { ecr: {...} }`): `registry: false` runs the control plane only;
 * `registryPort` fixes the front's port (else LOCAL_AWS_REGISTRY_PORT, else a free one);
 * `requireAuth: false` lets clients push without
 * `docker login`. Timings: `ecr.tokenTtl` (authorization token lifetime, 12 h).
 */
export const createEcrService: ServiceFactory = async (context) => {
  const options = context.options('ecr');
  const state = new EcrState(context);
  const binary = options.registry === false ? undefined : findRegistryBinary();
  let registry: RunningRegistry | undefined;
  let front: RegistryFront | undefined;
  let client: RegistryClient | undefined;
  if (binary !== undefined) {
    registry = await startDockerRegistry({
      binary,
      dataDir: path.join(context.dataDir, 'ecr-registry'),
    });
    client = new RegistryClient(registry.url);
  }
  const images = new EcrImages(state, client, registry?.storageDir);

  const evaluateLifecycle = async (repository: EcrRepository): Promise<void> => {
    if (repository.lifecyclePolicyText === undefined || client === undefined) return;
    const rules = parseLifecyclePolicy(repository.lifecyclePolicyText);
    for (const digest of expiredImages(rules, await images.list(repository), Date.now())) {
      await client.deleteManifest(repository.name, digest);
      repository.pushedAt.delete(digest);
    }
    repository.lifecycleEvaluatedAt = new Date();
  };
  const recordPush = async (name: string, digest: string): Promise<void> => {
    const repository = state.byRegistryPath(name);
    if (repository === undefined) return;
    if (!repository.pushedAt.has(digest)) repository.pushedAt.set(digest, new Date());
    await evaluateLifecycle(repository);
  };

  if (client !== undefined) {
    front = await startRegistryFront({
      context,
      upstream: client,
      requireAuth: options.requireAuth !== false,
      port:
        typeof options.registryPort === 'number'
          ? options.registryPort
          : Number(process.env.LOCAL_AWS_REGISTRY_PORT ?? 0),
      policy: {
        registryId: state.registryId,
        authorize: (user, password) => state.authorize(user, password),
        repositoryExists: (name) => state.byRegistryPath(name) !== undefined,
        isTagImmutable: (name, tag) => state.isTagImmutable(name, tag),
        onManifestPut: (name, digest) => recordPush(name, digest),
      },
    });
  }
  const registryHost = front?.host;
  const shape = (repository: EcrRepository): Record<string, unknown> =>
    repositoryShape(
      repository,
      state.registryId,
      registryHost ?? `${state.registryId}.dkr.ecr.${context.region}.amazonaws.com`,
    );
  const detail = (repository: EcrRepository, image: ImageRecord): Record<string, unknown> =>
    imageDetail(state.registryId, repository.name, image);
  const page = <T>(
    items: T[],
    input: Record<string, unknown>,
    max = 1000,
  ): { items: T[]; nextToken?: string } => {
    const size = typeof input.maxResults === 'number' ? input.maxResults : max;
    if (!Number.isInteger(size) || size < 1 || size > max) {
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at 'maxResults': must be between 1 and ${max}`,
      );
    }
    const start =
      typeof input.nextToken === 'string'
        ? Number(Buffer.from(input.nextToken, 'base64').toString('utf8'))
        : 0;
    if (!Number.isInteger(start) || start < 0) {
      throw new AwsError('InvalidParameterException', "Invalid parameter at 'nextToken'");
    }
    const slice = items.slice(start, start + size);
    return start + size < items.length
      ? { items: slice, nextToken: Buffer.from(String(start + size)).toString('base64') }
      : { items: slice };
  };

  const service = jsonService({
    signingNames: ['ecr'],
    targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
    protocol: '1.1',
    operations: {
      GetAuthorizationToken: () => {
        const { password, expiresAt } = state.issueToken();
        return {
          authorizationData: [
            {
              authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
              expiresAt: expiresAt.getTime() / 1000,
              proxyEndpoint:
                registryHost === undefined
                  ? `https://${state.registryId}.dkr.ecr.${context.region}.amazonaws.com`
                  : `http://${registryHost}`,
            },
          ],
        };
      },
      CreateRepository: (input) => {
        const name = state.validateName(input.repositoryName);
        if (state.repositories.has(name)) {
          throw new AwsError(
            'RepositoryAlreadyExistsException',
            `The repository with name '${name}' already exists in the registry with id '${state.registryId}'`,
          );
        }
        const { mutability, filters } = readMutability(input);
        const repository = state.create(name);
        repository.imageTagMutability = mutability ?? 'MUTABLE';
        repository.exclusionFilters = filters;
        const scanning = input.imageScanningConfiguration as { scanOnPush?: unknown } | undefined;
        repository.scanOnPush = scanning?.scanOnPush === true;
        const encryption = input.encryptionConfiguration as
          { encryptionType?: unknown } | undefined;
        if (typeof encryption?.encryptionType === 'string')
          repository.encryptionType = encryption.encryptionType;
        return { repository: shape(repository) };
      },
      DescribeRepositories: (input) => {
        const names = input.repositoryNames;
        const repositories = Array.isArray(names)
          ? names.map((name) => state.get(name))
          : [...state.repositories.values()];
        const result = page(repositories, input);
        return {
          repositories: result.items.map(shape),
          ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
        };
      },
      DeleteRepository: async (input) => {
        const repository = state.get(input.repositoryName);
        const held = client === undefined ? [] : await images.list(repository);
        if (held.length > 0 && input.force !== true) {
          throw new AwsError(
            'RepositoryNotEmptyException',
            `The repository with name '${repository.name}' in registry with id '${state.registryId}' cannot be deleted because it still contains images`,
          );
        }
        for (const image of held) await client?.deleteManifest(repository.name, image.digest);
        state.repositories.delete(repository.name);
        return { repository: shape(repository) };
      },
      PutImageTagMutability: (input) => {
        const repository = state.get(input.repositoryName);
        const { mutability, filters } = readMutability(input);
        if (mutability === undefined) {
          throw new AwsError(
            'InvalidParameterException',
            "Invalid parameter at 'imageTagMutability': required",
          );
        }
        repository.imageTagMutability = mutability;
        repository.exclusionFilters = filters;
        return {
          registryId: state.registryId,
          repositoryName: repository.name,
          imageTagMutability: mutability,
          ...(filters.length === 0 ? {} : { imageTagMutabilityExclusionFilters: filters }),
        };
      },
      PutImageScanningConfiguration: (input) => {
        const repository = state.get(input.repositoryName);
        const scanning = input.imageScanningConfiguration as { scanOnPush?: unknown } | undefined;
        if (typeof scanning?.scanOnPush !== 'boolean') {
          throw new AwsError(
            'InvalidParameterException',
            "Invalid parameter at 'imageScanningConfiguration.scanOnPush'",
          );
        }
        repository.scanOnPush = scanning.scanOnPush;
        return {
          registryId: state.registryId,
          repositoryName: repository.name,
          imageScanningConfiguration: { scanOnPush: repository.scanOnPush },
        };
      },
      PutLifecyclePolicy: async (input) => {
        const repository = state.get(input.repositoryName);
        parseLifecyclePolicy(input.lifecyclePolicyText);
        repository.lifecyclePolicyText = input.lifecyclePolicyText as string;
        await evaluateLifecycle(repository);
        return {
          registryId: state.registryId,
          repositoryName: repository.name,
          lifecyclePolicyText: repository.lifecyclePolicyText,
        };
      },
      GetLifecyclePolicy: (input) => {
        const repository = state.get(input.repositoryName);
        if (repository.lifecyclePolicyText === undefined) {
          throw new AwsError(
            'LifecyclePolicyNotFoundException',
            `Lifecycle policy does not exist for the repository with name '${repository.name}' in the registry with id '${state.registryId}'`,
          );
        }
        return {
          registryId: state.registryId,
          repositoryName: repository.name,
          lifecyclePolicyText: repository.lifecyclePolicyText,
          ...(repository.lifecycleEvaluatedAt === undefined
            ? {}
            : { lastEvaluatedAt: repository.lifecycleEvaluatedAt.getTime() / 1000 }),
        };
      },
      DescribeImages: async (input) => {
        const repository = state.get(input.repositoryName);
        const ids = readImageIds(input.imageIds, false);
        let found: ImageRecord[];
        if (ids === undefined) {
          const status = (input.filter as { tagStatus?: unknown } | undefined)?.tagStatus ?? 'ANY';
          found = (await images.list(repository)).filter(
            (image) =>
              status === 'ANY' ||
              (status === 'TAGGED' ? image.tags.length > 0 : image.tags.length === 0),
          );
        } else {
          found = [];
          for (const id of ids) {
            const invalid = invalidImageId(id);
            if (invalid !== undefined)
              throw new AwsError('InvalidParameterException', invalid.reason);
            const image = await images.find(repository, id);
            if (image === undefined || image === 'mismatch') {
              throw new AwsError(
                'ImageNotFoundException',
                `The image with imageId ${imageIdText(id)} does not exist within the repository with name '${repository.name}' in the registry with id '${state.registryId}'`,
              );
            }
            if (!found.some((f) => f.digest === image.digest)) found.push(image);
          }
        }
        const result = page(found, input, 1000);
        return {
          imageDetails: result.items.map((image) => detail(repository, image)),
          ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
        };
      },
      ListImages: async (input) => {
        const repository = state.get(input.repositoryName);
        const ids = (await images.list(repository)).flatMap((image) =>
          image.tags.length === 0
            ? [{ imageDigest: image.digest }]
            : image.tags.map((tag) => ({ imageDigest: image.digest, imageTag: tag })),
        );
        const result = page(ids, input);
        return {
          imageIds: result.items,
          ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
        };
      },
      BatchGetImage: async (input) => {
        const repository = state.get(input.repositoryName);
        const ids = readImageIds(input.imageIds, true) ?? [];
        const accepted = Array.isArray(input.acceptedMediaTypes)
          ? (input.acceptedMediaTypes as string[])
          : [...MANIFEST_MEDIA_TYPES];
        const found: Record<string, unknown>[] = [];
        const failures: Record<string, unknown>[] = [];
        for (const id of ids) {
          const invalid = invalidImageId(id);
          const image = invalid === undefined ? await images.find(repository, id) : undefined;
          if (invalid !== undefined || image === undefined || image === 'mismatch') {
            failures.push({
              imageId: id,
              failureCode:
                invalid?.code ??
                (image === 'mismatch' ? 'ImageTagDoesNotMatchDigest' : 'ImageNotFound'),
              failureReason:
                invalid?.reason ??
                (image === 'mismatch' ? 'Tag does not match digest' : 'Requested image not found'),
            });
            continue;
          }
          if (!accepted.includes(image.manifest.mediaType)) {
            failures.push({
              imageId: id,
              failureCode: 'ImageNotFound',
              failureReason: `Requested image is stored as ${image.manifest.mediaType}, not an accepted media type`,
            });
            continue;
          }
          found.push({
            registryId: state.registryId,
            repositoryName: repository.name,
            imageId: {
              imageDigest: image.digest,
              // The tag asked for; asked by digest, one of the image's tags (ECR echoes the
              // image's tag and digest, see BatchGetImage's imageId).
              ...((id.imageTag ?? image.tags[0]) === undefined
                ? {}
                : { imageTag: id.imageTag ?? image.tags[0] }),
            },
            imageManifest: image.manifest.body,
            imageManifestMediaType: image.manifest.mediaType,
          });
        }
        return { images: found, failures };
      },
      PutImage: async (input) => {
        const repository = state.get(input.repositoryName);
        const stored = await images.put(repository, input);
        await recordPush(repository.name, stored.digest);
        return {
          image: {
            registryId: state.registryId,
            repositoryName: repository.name,
            imageId: {
              imageDigest: stored.digest,
              ...(typeof input.imageTag === 'string' ? { imageTag: input.imageTag } : {}),
            },
            imageManifest: stored.body,
            imageManifestMediaType: stored.mediaType,
          },
        };
      },
    },
    control: (subpath, _req, res) => {
      if (subpath !== 'registry') return Promise.resolve(false);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ host: registryHost ?? null, upstream: registry?.url ?? null }));
      return Promise.resolve(true);
    },
    close: async () => {
      await front?.close();
      await registry?.stop();
    },
  });
  const handle: EcrService = {
    ...service,
    state,
    registryHost,
    upstreamUrl: registry?.url,
    images,
  };
  return handle;
};
