import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  type ECRClient,
  type Repository,
} from '@aws-sdk/client-ecr';
import { ConfigurationError } from '../core/errors';
import { isAwsError } from '../core/aws-errors';

export interface RepositoryInfo {
  name: string;
  /** registry/name, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api */
  uri: string;
  /** The registry host the repository lives in. */
  registry: string;
  tagMutability: string;
}

export interface DesiredSettings {
  tagMutability?: 'MUTABLE' | 'IMMUTABLE';
  scanOnPush?: boolean;
  keepImages?: number;
}

function info(repository: Repository): RepositoryInfo {
  const uri = repository.repositoryUri ?? '';
  const name = repository.repositoryName ?? '';
  return {
    name,
    uri,
    registry: uri.endsWith(`/${name}`) ? uri.slice(0, -name.length - 1) : (uri.split('/')[0] ?? ''),
    tagMutability: repository.imageTagMutability ?? 'MUTABLE',
  };
}

/** The repository, or undefined when it does not exist. */
export async function describeRepository(
  ecr: ECRClient,
  name: string,
): Promise<Repository | undefined> {
  try {
    const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    return out.repositories?.[0];
  } catch (error) {
    if (isAwsError(error, 'RepositoryNotFoundException')) return undefined;
    throw error;
  }
}

/** The repository, or a ConfigurationError saying how to get it created. */
export async function requireRepository(ecr: ECRClient, name: string): Promise<RepositoryInfo> {
  const repository = await describeRepository(ecr, name);
  if (repository === undefined) {
    throw new ConfigurationError(
      `ECR repository ${JSON.stringify(name)} does not exist in this account and region; create it, or set create-repository: true`,
      'repository',
    );
  }
  return info(repository);
}

/** A lifecycle policy that keeps the newest `count` images and expires the rest. */
export function keepImagesPolicy(count: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the ${count} newest images (build-push-ecr keep-images)`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: count },
        action: { type: 'expire' },
      },
    ],
  });
}

function samePolicy(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/**
 * Creates the repository with the desired settings, or brings an existing one to them. Only
 * settings that differ are written, so a re-run makes no changes. Returns what changed.
 */
export async function ensureRepository(
  ecr: ECRClient,
  name: string,
  desired: DesiredSettings,
): Promise<{ repository: RepositoryInfo; changes: string[] }> {
  const changes: string[] = [];
  let repository = await describeRepository(ecr, name);
  if (repository === undefined) {
    try {
      const created = await ecr.send(
        new CreateRepositoryCommand({
          repositoryName: name,
          imageTagMutability: desired.tagMutability ?? 'MUTABLE',
          imageScanningConfiguration: { scanOnPush: desired.scanOnPush ?? false },
        }),
      );
      repository = created.repository ?? {};
      changes.push('created the repository');
    } catch (error) {
      // Another job created it between our two calls: fine, continue with it.
      if (!isAwsError(error, 'RepositoryAlreadyExistsException')) throw error;
      repository = (await describeRepository(ecr, name)) ?? {};
    }
  }
  if (
    desired.tagMutability !== undefined &&
    repository.imageTagMutability !== desired.tagMutability
  ) {
    await ecr.send(
      new PutImageTagMutabilityCommand({
        repositoryName: name,
        imageTagMutability: desired.tagMutability,
      }),
    );
    repository = { ...repository, imageTagMutability: desired.tagMutability };
    changes.push(`tag mutability set to ${desired.tagMutability}`);
  }
  if (
    desired.scanOnPush !== undefined &&
    (repository.imageScanningConfiguration?.scanOnPush ?? false) !== desired.scanOnPush
  ) {
    await ecr.send(
      new PutImageScanningConfigurationCommand({
        repositoryName: name,
        imageScanningConfiguration: { scanOnPush: desired.scanOnPush },
      }),
    );
    changes.push(`scan on push ${desired.scanOnPush ? 'enabled' : 'disabled'}`);
  }
  if (desired.keepImages !== undefined) {
    const policy = keepImagesPolicy(desired.keepImages);
    let current: string | undefined;
    try {
      current = (await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: name })))
        .lifecyclePolicyText;
    } catch (error) {
      if (!isAwsError(error, 'LifecyclePolicyNotFoundException')) throw error;
    }
    if (current === undefined || !samePolicy(current, policy)) {
      await ecr.send(
        new PutLifecyclePolicyCommand({ repositoryName: name, lifecyclePolicyText: policy }),
      );
      changes.push(`lifecycle policy: keep the ${desired.keepImages} newest images`);
    }
  }
  return { repository: info(repository), changes };
}
