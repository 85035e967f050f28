import { randomBytes } from 'node:crypto';
import { AwsError } from '../../server/aws-error';
import type { StackContext } from '../../server/stack-context';

export type TagMutability =
  'MUTABLE' | 'IMMUTABLE' | 'MUTABLE_WITH_EXCLUSION' | 'IMMUTABLE_WITH_EXCLUSION';
export const TAG_MUTABILITY: readonly TagMutability[] = [
  'MUTABLE',
  'IMMUTABLE',
  'MUTABLE_WITH_EXCLUSION',
  'IMMUTABLE_WITH_EXCLUSION',
];

export interface ExclusionFilter {
  filterType: 'WILDCARD';
  filter: string;
}

/** One ECR repository's settings; its images live in the registry. */
export interface EcrRepository {
  name: string;
  arn: string;
  createdAt: Date;
  imageTagMutability: TagMutability;
  exclusionFilters: ExclusionFilter[];
  scanOnPush: boolean;
  encryptionType: string;
  lifecyclePolicyText?: string;
  lifecycleEvaluatedAt?: Date;
  /** When each digest was pushed (seen by the registry front or PutImage). */
  pushedAt: Map<string, Date>;
}

const NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
export const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** The control plane's state: repositories and the authorization tokens handed out. */
export class EcrState {
  readonly repositories = new Map<string, EcrRepository>();
  /** ECR Public repositories, by their path in the registry (`<alias>/<name>`). */
  readonly publicRepositories = new Map<string, EcrRepository>();
  private readonly tokens = new Map<string, number>();

  constructor(private readonly context: StackContext) {}

  get registryId(): string {
    return this.context.accountId;
  }

  /** A new registry password, valid for `ecr.tokenTtl` ms (12 hours by default). */
  issueToken(): { password: string; expiresAt: Date } {
    const password = randomBytes(96).toString('base64');
    const expiresAt = Date.now() + this.context.timing('ecr.tokenTtl', 12 * 3_600_000);
    this.tokens.set(password, expiresAt);
    return { password, expiresAt: new Date(expiresAt) };
  }

  /** Every registry password handed out, for tests that check logs for leaks. */
  issuedPasswords(): string[] {
    return [...this.tokens.keys()];
  }

  authorize(username: string, password: string): boolean {
    const expires = this.tokens.get(password);
    return username === 'AWS' && expires !== undefined && expires > Date.now();
  }

  validateName(name: unknown, field = 'repositoryName'): string {
    if (typeof name !== 'string' || name.length < 2 || name.length > 256 || !NAME.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at '${field}' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''`,
      );
    }
    return name;
  }

  /** The repository, or RepositoryNotFoundException as ECR words it. */
  get(name: unknown): EcrRepository {
    const valid = this.validateName(name);
    const repository = this.repositories.get(valid);
    if (repository === undefined) {
      throw new AwsError(
        'RepositoryNotFoundException',
        `The repository with name '${valid}' does not exist in the registry with id '${this.registryId}'`,
      );
    }
    return repository;
  }

  /** A private or public repository by its path in the registry. */
  byRegistryPath(path: string): EcrRepository | undefined {
    return this.repositories.get(path) ?? this.publicRepositories.get(path);
  }

  create(name: string, arn?: string): EcrRepository {
    const repository: EcrRepository = {
      name,
      arn: arn ?? `arn:aws:ecr:${this.context.region}:${this.registryId}:repository/${name}`,
      createdAt: new Date(),
      imageTagMutability: 'MUTABLE',
      exclusionFilters: [],
      scanOnPush: false,
      encryptionType: 'AES256',
      pushedAt: new Map(),
    };
    if (arn === undefined) this.repositories.set(name, repository);
    return repository;
  }

  /** Whether a tag may not be moved: IMMUTABLE, or the exclusion filters say so. */
  isTagImmutable(name: string, tag: string): boolean {
    const repository = this.repositories.get(name);
    if (repository === undefined) return false;
    const excluded = repository.exclusionFilters.some((f) => wildcard(f.filter).test(tag));
    switch (repository.imageTagMutability) {
      case 'IMMUTABLE':
        return true;
      case 'MUTABLE':
        return false;
      case 'IMMUTABLE_WITH_EXCLUSION':
        return !excluded;
      case 'MUTABLE_WITH_EXCLUSION':
        return excluded;
    }
  }
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** The `imageTagMutability` and exclusion filters of a request, checked. */
export function readMutability(input: Record<string, unknown>): {
  mutability: TagMutability | undefined;
  filters: ExclusionFilter[];
} {
  const value = input.imageTagMutability;
  if (value !== undefined && !TAG_MUTABILITY.includes(value as TagMutability)) {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [${TAG_MUTABILITY.join(', ')}]'`,
    );
  }
  const raw = input.imageTagMutabilityExclusionFilters;
  const filters: ExclusionFilter[] = [];
  if (Array.isArray(raw)) {
    for (const item of raw as { filterType?: unknown; filter?: unknown }[]) {
      if (item.filterType !== 'WILDCARD' || typeof item.filter !== 'string' || item.filter === '') {
        throw new AwsError(
          'InvalidParameterException',
          'Invalid parameter at imageTagMutabilityExclusionFilters: filterType must be WILDCARD with a filter',
        );
      }
      filters.push({ filterType: 'WILDCARD', filter: item.filter });
    }
  }
  const mutability = value as TagMutability | undefined;
  if (filters.length > 0 && mutability !== undefined && !mutability.endsWith('_WITH_EXCLUSION')) {
    throw new AwsError(
      'InvalidParameterException',
      'imageTagMutabilityExclusionFilters can only be used with MUTABLE_WITH_EXCLUSION or IMMUTABLE_WITH_EXCLUSION',
    );
  }
  return { mutability, filters };
}

/** A repository as DescribeRepositories / CreateRepository return it. */
export function repositoryShape(
  repository: EcrRepository,
  registryId: string,
  registryHost: string,
): Record<string, unknown> {
  return {
    repositoryArn: repository.arn,
    registryId,
    repositoryName: repository.name,
    repositoryUri: `${registryHost}/${repository.name}`,
    createdAt: repository.createdAt.getTime() / 1000,
    imageTagMutability: repository.imageTagMutability,
    ...(repository.exclusionFilters.length === 0
      ? {}
      : { imageTagMutabilityExclusionFilters: repository.exclusionFilters }),
    imageScanningConfiguration: { scanOnPush: repository.scanOnPush },
    encryptionConfiguration: { encryptionType: repository.encryptionType },
  };
}
