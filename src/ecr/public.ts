import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  type ECRPUBLICClient,
  type Repository,
} from '@aws-sdk/client-ecr-public';
import { ConfigurationError } from '../core/errors';
import { maskSecret } from '../core/mask';
import type { ImageFacts } from './images';
import type { RegistryLogin } from './registry-auth';
import type { RepositoryInfo } from './repository';
import { isAwsError } from '../core/aws-errors';

/** ECR Public: repositories at public.ecr.aws/<alias>/<name>, API in us-east-1 only. */

function info(repository: Repository): RepositoryInfo {
  const uri = repository.repositoryUri ?? '';
  return {
    name: repository.repositoryName ?? '',
    uri,
    // public.ecr.aws/<alias>/<name>: the registry is the host, the alias is part of the path.
    registry: uri.split('/')[0] ?? '',
    tagMutability: 'MUTABLE',
  };
}

async function describe(ecr: ECRPUBLICClient, name: string): Promise<Repository | undefined> {
  try {
    return (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })))
      .repositories?.[0];
  } catch (error) {
    if (isAwsError(error, 'RepositoryNotFoundException')) return undefined;
    throw error;
  }
}

export async function requirePublicRepository(
  ecr: ECRPUBLICClient,
  name: string,
): Promise<RepositoryInfo> {
  const repository = await describe(ecr, name);
  if (repository === undefined) {
    throw new ConfigurationError(
      `ECR Public repository ${JSON.stringify(name)} does not exist in this account; create it, or set create-repository: true`,
      'repository',
    );
  }
  return info(repository);
}

export async function ensurePublicRepository(
  ecr: ECRPUBLICClient,
  name: string,
): Promise<{ repository: RepositoryInfo; changes: string[] }> {
  const existing = await describe(ecr, name);
  if (existing !== undefined) return { repository: info(existing), changes: [] };
  try {
    const created = await ecr.send(new CreateRepositoryCommand({ repositoryName: name }));
    return {
      repository: info(created.repository ?? {}),
      changes: ['created the public repository'],
    };
  } catch (error) {
    if (!isAwsError(error, 'RepositoryAlreadyExistsException')) throw error;
    return { repository: await requirePublicRepository(ecr, name), changes: [] };
  }
}

export async function describePublicImage(
  ecr: ECRPUBLICClient,
  repositoryName: string,
  id: { imageTag?: string; imageDigest?: string },
): Promise<ImageFacts | undefined> {
  try {
    const detail = (await ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [id] })))
      .imageDetails?.[0];
    if (detail?.imageDigest === undefined) return undefined;
    return {
      digest: detail.imageDigest,
      tags: detail.imageTags ?? [],
      ...(detail.imageSizeInBytes === undefined ? {} : { sizeInBytes: detail.imageSizeInBytes }),
    };
  } catch (error) {
    if (isAwsError(error, 'ImageNotFoundException')) return undefined;
    throw error;
  }
}

/** Credentials for `docker login public.ecr.aws`; token and password masked. */
export async function getPublicRegistryLogin(ecr: ECRPUBLICClient): Promise<RegistryLogin> {
  const data = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData;
  const token = data?.authorizationToken;
  if (token === undefined)
    throw new Error('ECR Public GetAuthorizationToken returned no authorization data');
  maskSecret(token);
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0)
    throw new Error('ECR Public returned an authorization token that is not user:password');
  const password = decoded.slice(colon + 1);
  maskSecret(password);
  return {
    registry: 'public.ecr.aws',
    username: decoded.slice(0, colon),
    password,
    ...(data?.expiresAt === undefined ? {} : { expiresAt: data.expiresAt }),
  };
}
