import { randomBytes, randomUUID } from 'node:crypto';
import { AwsError } from '../server/aws-error';
import { jsonService } from '../server/protocols';
import type { AwsService, ServiceFactory } from '../server/service';

/** One version of a secret's value. */
interface SecretVersion {
  versionId: string;
  secretString?: string;
  /** Base64, as the JSON protocol carries blobs. */
  secretBinary?: string;
  stages: Set<string>;
  created: number;
}

interface Secret {
  name: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  tags: { Key?: string; Value?: string }[];
  created: number;
  lastChanged: number;
  lastAccessed?: number;
  deleted?: number;
  versions: SecretVersion[];
  /** Reads fail with DecryptionFailure (as when the KMS key is disabled) while set. */
  decryptionFailure: boolean;
}

/** Test handle: `stack.service<SecretsManagerState>('secretsmanager')`. */
export interface SecretsManagerState extends AwsService {
  /** Makes GetSecretValue of this secret fail with DecryptionFailure (KMS key unusable) or stop. */
  setDecryptionFailure(secretId: string, failing: boolean): void;
  /** The number of secrets (including ones scheduled for deletion). */
  size(): number;
}

const NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const MAX_SECRET_BYTES = 65_536;
const seconds = (ms: number): number => ms / 1000;

/**
 * Secrets Manager (awsJson1_1, target prefix `secretsmanager`): CreateSecret, PutSecretValue,
 * GetSecretValue (by name, full or partial ARN; VersionId / VersionStage), DescribeSecret,
 * DeleteSecret, ListSecrets. ARNs carry a random 6-character suffix as AWS's do.
 */
export const createSecretsManagerService: ServiceFactory = (context) => {
  const secrets = new Map<string, Secret>();

  const arnPrefix = `arn:aws:secretsmanager:${context.region}:${context.accountId}:secret:`;
  const suffix = (): string => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    return Array.from(randomBytes(6), (b) => alphabet[b % alphabet.length]).join('');
  };

  const notFound = (): AwsError =>
    new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

  /** By name, full ARN, or partial ARN (without the random suffix). */
  const find = (secretId: unknown): Secret | undefined => {
    const id = requiredString(secretId, 'SecretId');
    if (id.startsWith('arn:')) {
      for (const secret of secrets.values()) {
        if (secret.arn === id || `${arnPrefix}${secret.name}` === id) return secret;
      }
      return undefined;
    }
    return secrets.get(id);
  };

  const lookup = (secretId: unknown, allowDeleted = false): Secret => {
    const secret = find(secretId);
    if (secret === undefined) throw notFound();
    if (secret.deleted !== undefined && !allowDeleted) {
      throw new AwsError(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
    return secret;
  };

  const valueOf = (
    input: Record<string, unknown>,
  ): { secretString?: string; secretBinary?: string } => {
    const text = input.SecretString;
    const binary = input.SecretBinary;
    if (text !== undefined && binary !== undefined) {
      throw new AwsError(
        'InvalidParameterException',
        'You must provide either SecretString or SecretBinary, but not both.',
      );
    }
    if (text !== undefined) {
      if (typeof text !== 'string')
        throw new AwsError('SerializationException', 'SecretString must be a string');
      if (Buffer.byteLength(text) > MAX_SECRET_BYTES) {
        throw new AwsError(
          'InvalidParameterException',
          'SecretString exceeds the 65536 byte limit.',
        );
      }
      return { secretString: text };
    }
    if (binary !== undefined) {
      if (typeof binary !== 'string')
        throw new AwsError('SerializationException', 'SecretBinary must be a blob');
      return { secretBinary: binary };
    }
    return {};
  };

  const sameValue = (
    version: SecretVersion,
    value: { secretString?: string; secretBinary?: string },
  ): boolean =>
    version.secretString === value.secretString && version.secretBinary === value.secretBinary;

  /** Adds a version, moving its stages from older versions (AWSCURRENT's old holder becomes AWSPREVIOUS). */
  const addVersion = (
    secret: Secret,
    value: { secretString?: string; secretBinary?: string },
    versionId: string,
    stages: string[],
  ): SecretVersion => {
    const now = Date.now();
    if (stages.includes('AWSCURRENT')) {
      for (const version of secret.versions) version.stages.delete('AWSPREVIOUS');
      for (const version of secret.versions) {
        if (version.stages.delete('AWSCURRENT')) version.stages.add('AWSPREVIOUS');
      }
    }
    for (const stage of stages) {
      if (stage === 'AWSCURRENT') continue;
      for (const version of secret.versions) version.stages.delete(stage);
    }
    const version: SecretVersion = { versionId, ...value, stages: new Set(stages), created: now };
    secret.versions.push(version);
    // AWS keeps versions that carry a stage (and ~100 unlabelled ones); drop the unlabelled surplus.
    const unlabelled = secret.versions.filter((v) => v.stages.size === 0);
    if (unlabelled.length > 100) {
      const drop = new Set(unlabelled.slice(0, unlabelled.length - 100));
      secret.versions = secret.versions.filter((v) => !drop.has(v));
    }
    secret.lastChanged = now;
    return version;
  };

  const token = (input: Record<string, unknown>): string => {
    const value = input.ClientRequestToken;
    if (value === undefined) return randomUUID();
    if (typeof value !== 'string' || value.length < 32 || value.length > 64) {
      throw new AwsError(
        'InvalidParameterException',
        'ClientRequestToken must be 32 to 64 characters.',
      );
    }
    return value;
  };

  const describe = (secret: Secret): Record<string, unknown> => ({
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description === undefined ? {} : { Description: secret.description }),
    ...(secret.kmsKeyId === undefined ? {} : { KmsKeyId: secret.kmsKeyId }),
    CreatedDate: seconds(secret.created),
    LastChangedDate: seconds(secret.lastChanged),
    ...(secret.lastAccessed === undefined
      ? {}
      : { LastAccessedDate: seconds(secret.lastAccessed) }),
    ...(secret.deleted === undefined ? {} : { DeletedDate: seconds(secret.deleted) }),
    ...(secret.tags.length === 0 ? {} : { Tags: secret.tags }),
    VersionIdsToStages: Object.fromEntries(
      secret.versions.filter((v) => v.stages.size > 0).map((v) => [v.versionId, [...v.stages]]),
    ),
    RotationEnabled: false,
  });

  const service = jsonService({
    signingNames: ['secretsmanager'],
    targetPrefix: 'secretsmanager',
    protocol: '1.1',
    operations: {
      CreateSecret(input) {
        const name = requiredString(input.Name, 'Name');
        if (!NAME.test(name)) {
          throw new AwsError(
            'ValidationException',
            'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
          );
        }
        const existing = secrets.get(name);
        const value = valueOf(input);
        const versionId = token(input);
        if (existing !== undefined) {
          if (existing.deleted !== undefined) {
            throw new AwsError(
              'InvalidRequestException',
              `You can't create this secret because a secret with this name is already scheduled for deletion.`,
            );
          }
          const same = existing.versions.find((v) => v.versionId === versionId);
          if (same !== undefined && sameValue(same, value)) {
            return { ARN: existing.arn, Name: existing.name, VersionId: same.versionId };
          }
          throw new AwsError(
            'ResourceExistsException',
            `The operation failed because the secret ${name} already exists.`,
          );
        }
        const now = Date.now();
        const secret: Secret = {
          name,
          arn: `${arnPrefix}${name}-${suffix()}`,
          ...(typeof input.Description === 'string' ? { description: input.Description } : {}),
          ...(typeof input.KmsKeyId === 'string' ? { kmsKeyId: input.KmsKeyId } : {}),
          tags: Array.isArray(input.Tags) ? (input.Tags as Secret['tags']) : [],
          created: now,
          lastChanged: now,
          versions: [],
          decryptionFailure: false,
        };
        secrets.set(name, secret);
        if (value.secretString === undefined && value.secretBinary === undefined) {
          return { ARN: secret.arn, Name: secret.name };
        }
        const version = addVersion(secret, value, versionId, ['AWSCURRENT']);
        return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId };
      },

      PutSecretValue(input) {
        const secret = lookup(input.SecretId);
        const value = valueOf(input);
        if (value.secretString === undefined && value.secretBinary === undefined) {
          throw new AwsError(
            'InvalidRequestException',
            'You must provide either SecretString or SecretBinary.',
          );
        }
        const versionId = token(input);
        const stages =
          input.VersionStages === undefined
            ? ['AWSCURRENT']
            : stringList(input.VersionStages, 'VersionStages');
        const existing = secret.versions.find((v) => v.versionId === versionId);
        if (existing !== undefined) {
          if (!sameValue(existing, value)) {
            throw new AwsError(
              'ResourceExistsException',
              `You can't modify an existing version, you can only create new versions. Version ${versionId} already exists with a different value.`,
            );
          }
          return {
            ARN: secret.arn,
            Name: secret.name,
            VersionId: existing.versionId,
            VersionStages: [...existing.stages],
          };
        }
        const version = addVersion(secret, value, versionId, stages);
        return {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: version.versionId,
          VersionStages: [...version.stages],
        };
      },

      GetSecretValue(input) {
        const secret = lookup(input.SecretId);
        const versionId = optionalString(input.VersionId, 'VersionId');
        const stage = optionalString(input.VersionStage, 'VersionStage');
        let version: SecretVersion | undefined;
        if (versionId !== undefined) {
          version = secret.versions.find((v) => v.versionId === versionId);
          if (version !== undefined && stage !== undefined && !version.stages.has(stage))
            version = undefined;
          if (version === undefined) {
            throw new AwsError(
              'ResourceNotFoundException',
              `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
            );
          }
        } else {
          const wanted = stage ?? 'AWSCURRENT';
          version = secret.versions.find((v) => v.stages.has(wanted));
          if (version === undefined) {
            throw new AwsError(
              'ResourceNotFoundException',
              `Secrets Manager can't find the specified secret value for staging label: ${wanted}`,
            );
          }
        }
        if (secret.decryptionFailure) {
          throw new AwsError(
            'DecryptionFailure',
            "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
          );
        }
        secret.lastAccessed = Math.floor(Date.now() / 86_400_000) * 86_400_000;
        return {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: version.versionId,
          ...(version.secretString === undefined ? {} : { SecretString: version.secretString }),
          ...(version.secretBinary === undefined ? {} : { SecretBinary: version.secretBinary }),
          VersionStages: [...version.stages],
          CreatedDate: seconds(version.created),
        };
      },

      DescribeSecret(input) {
        return describe(lookup(input.SecretId, true));
      },

      ListSecrets(input) {
        const max = typeof input.MaxResults === 'number' ? input.MaxResults : 100;
        if (max < 1 || max > 100) {
          throw new AwsError('InvalidParameterException', 'MaxResults must be between 1 and 100.');
        }
        const all = [...secrets.values()]
          .filter((s) => s.deleted === undefined || input.IncludePlannedDeletion === true)
          .sort((a, b) => a.name.localeCompare(b.name));
        const start = typeof input.NextToken === 'string' ? decodeToken(input.NextToken) : 0;
        const page = all.slice(start, start + max);
        return {
          SecretList: page.map((s) => {
            const { VersionIdsToStages, ...rest } = describe(s);
            return { ...rest, SecretVersionsToStages: VersionIdsToStages };
          }),
          ...(start + max < all.length ? { NextToken: encodeToken(start + max) } : {}),
        };
      },

      DeleteSecret(input) {
        const secret = lookup(input.SecretId, true);
        const force = input.ForceDeleteWithoutRecovery === true;
        const window = input.RecoveryWindowInDays;
        if (force && window !== undefined) {
          throw new AwsError(
            'InvalidParameterException',
            "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
          );
        }
        const days = typeof window === 'number' ? window : 30;
        if (!force && (days < 7 || days > 30)) {
          throw new AwsError(
            'InvalidParameterException',
            'RecoveryWindowInDays must be between 7 and 30.',
          );
        }
        const now = Date.now();
        if (force) secrets.delete(secret.name);
        else secret.deleted ??= now;
        return {
          ARN: secret.arn,
          Name: secret.name,
          DeletionDate: seconds(force ? now : now + days * 86_400_000),
        };
      },
    },
  });

  const state: SecretsManagerState = {
    ...service,
    setDecryptionFailure(secretId, failing) {
      const secret = find(secretId);
      if (secret === undefined) throw new Error(`no secret ${secretId}`);
      secret.decryptionFailure = failing;
    },
    size: () => secrets.size,
  };
  return state;
};

function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      'InvalidParameterException',
      `${name} is required and must be a non-empty string.`,
    );
  }
  return value;
}

function optionalString(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : requiredString(value, name);
}

function stringList(value: unknown, name: string): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.some((v) => typeof v !== 'string' || v === '')
  ) {
    throw new AwsError('InvalidParameterException', `${name} must be a non-empty list of strings.`);
  }
  return value as string[];
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function decodeToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      offset?: unknown;
    };
    if (typeof offset === 'number' && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new AwsError('InvalidNextTokenException', 'The NextToken value is invalid.');
}
