import { createClient, type AwsSettings } from '../core/aws-clients';
import { ConfigurationError, describeError } from '../core/errors';
import { maskJsonValues, maskSecret } from '../core/mask';
import { awsErrorName } from '../core/aws-errors';

/**
 * Reading secrets from Secrets Manager and SSM Parameter Store for any action. Every value is
 * masked the moment it arrives, before it can reach a log line, an error or an output. The SDK
 * clients are loaded only when a secret is really read.
 */

export interface SecretReference {
  /** Secret name or ARN (Secrets Manager), or parameter name or ARN (SSM). */
  id: string;
  /** The input the reference came from, named in errors. */
  input: string;
}

export interface SecretsManagerReference extends SecretReference {
  versionStage?: string;
  versionId?: string;
}

/** Reads a secret's string value from Secrets Manager, masked. */
export async function readSecretsManagerValue(
  settings: AwsSettings,
  ref: SecretsManagerReference,
): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } =
    await import('@aws-sdk/client-secrets-manager');
  const client = createClient(SecretsManagerClient, settings);
  try {
    const result = await client.send(
      new GetSecretValueCommand({
        SecretId: ref.id,
        ...(ref.versionStage === undefined ? {} : { VersionStage: ref.versionStage }),
        ...(ref.versionId === undefined ? {} : { VersionId: ref.versionId }),
      }),
    );
    let value = result.SecretString;
    if (value === undefined && result.SecretBinary !== undefined) {
      value = Buffer.from(result.SecretBinary).toString('utf8');
    }
    if (value === undefined || value === '') {
      throw new ConfigurationError(`the secret ${ref.id} has no value`, ref.input);
    }
    maskValue(value);
    return value;
  } catch (error) {
    throw explain(error, ref, `secret ${ref.id}`, 'secretsmanager:GetSecretValue', settings.region);
  } finally {
    client.destroy();
  }
}

/** Reads an SSM parameter (SecureString decrypted), masked. */
export async function readSsmParameter(
  settings: AwsSettings,
  ref: SecretReference,
): Promise<string> {
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const client = createClient(SSMClient, settings);
  try {
    const result = await client.send(
      new GetParameterCommand({ Name: ref.id, WithDecryption: true }),
    );
    const value = result.Parameter?.Value;
    if (value === undefined || value === '') {
      throw new ConfigurationError(`the parameter ${ref.id} has no value`, ref.input);
    }
    maskValue(value);
    return value;
  } catch (error) {
    throw explain(error, ref, `parameter ${ref.id}`, 'ssm:GetParameter', settings.region);
  } finally {
    client.destroy();
  }
}

/** Masks a secret value, and every value inside it when it is a JSON document. */
export function maskValue(value: string): void {
  maskSecret(value);
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      maskJsonValues(JSON.parse(trimmed));
    } catch {
      // Not JSON after all: the whole value is masked already.
    }
  }
}

/**
 * Parses a JSON secret into an object. The values were masked when the secret was read; the
 * error never includes the text.
 */
export function parseJsonSecret(text: string, ref: SecretReference): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError(
      `the value of ${ref.id} starts like JSON but is not valid JSON`,
      ref.input,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigurationError(
      `the value of ${ref.id} is JSON but not an object of keys`,
      ref.input,
    );
  }
  return parsed as Record<string, unknown>;
}

function explain(
  error: unknown,
  ref: SecretReference,
  what: string,
  permission: string,
  region: string,
): unknown {
  if (error instanceof ConfigurationError) return error;
  const name = awsErrorName(error);
  switch (name) {
    case 'ResourceNotFoundException':
    case 'ParameterNotFound':
    case 'ParameterVersionNotFound':
      return new ConfigurationError(
        `no ${what} in ${region}: check the name or ARN, and the region`,
        ref.input,
      );
    case 'AccessDeniedException':
    case 'AccessDenied':
      return new Error(
        `not allowed to read the ${what}: the role needs ${permission} on it (and kms:Decrypt on its key if it uses a customer-managed key)`,
        {
          cause: error,
        },
      );
    case 'DecryptionFailure':
    case 'InvalidKeyId':
      return new Error(
        `the ${what} cannot be decrypted with its KMS key (${name}): check the key is enabled and the role has kms:Decrypt on it`,
        {
          cause: error,
        },
      );
    default:
      return new Error(`reading the ${what} failed: ${describeError(error)}`, { cause: error });
  }
}
