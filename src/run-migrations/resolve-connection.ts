import type { AwsSettings } from '../core/aws-clients';
import { ConfigurationError } from '../core/errors';
import { maskSecret } from '../core/mask';
import {
  defaultPort,
  engineOf,
  maskConnection,
  parseDatabaseUrl,
  type DatabaseConfig,
  type Engine,
} from '../database/connection';
import { parseJsonSecret, readSecretsManagerValue, readSsmParameter } from '../secrets/read-secret';
import type { ConnectionInputs } from './inputs';

export interface SecretReaders {
  secretsManager: typeof readSecretsManagerValue;
  ssm: typeof readSsmParameter;
}

const realReaders: SecretReaders = {
  secretsManager: readSecretsManagerValue,
  ssm: readSsmParameter,
};

/**
 * Turns the connection inputs into a DatabaseConfig: a URL input, or a Secrets Manager secret /
 * SSM parameter holding a URL or a JSON document (RDS's shape by default). Inputs such as
 * database-host complete or override what the secret holds. Credentials are masked on arrival.
 */
export async function resolveConnection(
  inputs: ConnectionInputs,
  aws: AwsSettings,
  readers: SecretReaders = realReaders,
): Promise<DatabaseConfig> {
  const { source } = inputs;
  let text: string;
  if (source.kind === 'url') text = source.url;
  else if (source.kind === 'secretsmanager')
    text = await readers.secretsManager(aws, { id: source.id, input: source.input });
  else text = await readers.ssm(aws, { id: source.id, input: source.input });
  maskSecret(text);

  const trimmed = text.trim();
  let base: Partial<DatabaseConfig>;
  if (trimmed.startsWith('{')) {
    base = fromJson(
      parseJsonSecret(trimmed, { id: sourceName(inputs), input: source.input }),
      inputs,
    );
  } else {
    base = parseDatabaseUrl(trimmed, source.input);
  }
  const engine = inputs.engine ?? base.engine;
  if (engine === undefined) {
    throw new ConfigurationError(
      `the connection does not say which engine it is (no "${inputs.secretKeys.engine}" key): set the engine input to postgres or mysql`,
      'engine',
    );
  }
  const config: DatabaseConfig = {
    engine,
    host: inputs.host ?? base.host ?? missing('host', inputs, 'database-host'),
    port: inputs.port ?? base.port ?? defaultPort(engine),
    user: base.user ?? missing('user', inputs, inputs.source.input),
    password: base.password ?? '',
    database: inputs.database ?? base.database ?? missing('database', inputs, 'database-name'),
    ssl: inputs.ssl ?? base.ssl ?? 'disable',
    ...(inputs.sslCa === undefined ? {} : { sslCa: inputs.sslCa }),
  };
  maskConnection(config);
  return config;
}

function sourceName(inputs: ConnectionInputs): string {
  return inputs.source.kind === 'url' ? 'database-url' : inputs.source.id;
}

function missing(
  part: keyof ConnectionInputs['secretKeys'],
  inputs: ConnectionInputs,
  input: string,
): never {
  throw new ConfigurationError(
    `the connection has no ${part}: the secret has no "${inputs.secretKeys[part]}" key (rename it with secret-keys) and the ${input} input is empty`,
    input,
  );
}

function fromJson(
  document: Record<string, unknown>,
  inputs: ConnectionInputs,
): Partial<DatabaseConfig> {
  const keys = inputs.secretKeys;
  const text = (key: string): string | undefined => {
    const value = document[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ConfigurationError(
        `the key "${key}" of the secret is not a string or number`,
        inputs.source.input,
      );
    }
    return String(value);
  };
  const password = text(keys.password);
  if (password !== undefined) maskSecret(password);
  const engineText = text(keys.engine);
  let engine: Engine | undefined;
  if (engineText !== undefined) {
    engine = engineOf(engineText);
    if (engine === undefined && inputs.engine === undefined) {
      throw new ConfigurationError(
        `the secret's "${keys.engine}" is ${JSON.stringify(engineText)}, which is neither PostgreSQL nor MySQL; set the engine input`,
        'engine',
      );
    }
  }
  const portText = text(keys.port);
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ConfigurationError(
        `the secret's "${keys.port}" is not a port number`,
        inputs.source.input,
      );
    }
  }
  const result: Partial<DatabaseConfig> = {};
  if (engine !== undefined) result.engine = engine;
  const host = text(keys.host);
  if (host !== undefined) result.host = host;
  if (port !== undefined) result.port = port;
  const user = text(keys.user);
  if (user !== undefined) result.user = user;
  if (password !== undefined) result.password = password;
  const database = text(keys.database);
  if (database !== undefined) result.database = database;
  return result;
}
