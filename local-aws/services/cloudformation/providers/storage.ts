import { randomInt } from 'node:crypto';
import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { DeleteParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { physicalName } from '../model';
import { ResourceFailure, str, tagList, type ResourceProvider } from './provider';

const bucket: ResourceProvider = {
  replaceOn: ['BucketName', 'ObjectLockEnabled'],
  async create(props, ctx) {
    const name =
      str(props.BucketName) ??
      physicalName(ctx.stackName, ctx.logicalId, { maxLength: 63, lowerCase: true });
    await ctx.clients.s3.send(new CreateBucketCommand({ Bucket: name }));
    return {
      physicalId: name,
      attributes: {
        Arn: `arn:aws:s3:::${name}`,
        DomainName: `${name}.s3.amazonaws.com`,
        RegionalDomainName: `${name}.s3.${ctx.region}.amazonaws.com`,
        DualStackDomainName: `${name}.s3.dualstack.${ctx.region}.amazonaws.com`,
        WebsiteURL: `http://${name}.s3-website-${ctx.region}.amazonaws.com`,
      },
    };
  },
  async delete(name, _, ctx) {
    await ctx.clients.s3.send(new DeleteBucketCommand({ Bucket: name }));
  },
};

const parameter: ResourceProvider = {
  replaceOn: ['Name'],
  async create(props, ctx) {
    const name =
      str(props.Name) ?? `CFN-${ctx.logicalId}-${physicalName('', '', { maxLength: 15 }).slice(2)}`;
    await ctx.clients.ssm.send(
      new PutParameterCommand({
        Name: name,
        Type: str(props.Type) as 'String',
        Value: str(props.Value),
        ...(str(props.Description) === undefined ? {} : { Description: str(props.Description) }),
        ...(str(props.AllowedPattern) === undefined
          ? {}
          : { AllowedPattern: str(props.AllowedPattern) }),
      }),
    );
    return { physicalId: name, attributes: { Type: props.Type, Value: props.Value } };
  },
  async update(name, props, _, ctx) {
    await ctx.clients.ssm.send(
      new PutParameterCommand({
        Name: name,
        Type: str(props.Type) as 'String',
        Value: str(props.Value),
        Overwrite: true,
        ...(str(props.AllowedPattern) === undefined
          ? {}
          : { AllowedPattern: str(props.AllowedPattern) }),
      }),
    );
    return { Type: props.Type, Value: props.Value };
  },
  async delete(name, _, ctx) {
    await ctx.clients.ssm.send(new DeleteParameterCommand({ Name: name }));
  },
};

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** Secrets Manager's GetRandomPassword rules, as GenerateSecretString applies them. */
export function generatePassword(options: Record<string, unknown>): string {
  const flag = (key: string): boolean => options[key] === true || options[key] === 'true';
  const exclude = new Set(String(options.ExcludeCharacters ?? ''));
  const classes = [
    flag('ExcludeLowercase') ? '' : 'abcdefghijklmnopqrstuvwxyz',
    flag('ExcludeUppercase') ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    flag('ExcludeNumbers') ? '' : '0123456789',
    flag('ExcludePunctuation') ? '' : PUNCTUATION,
    flag('IncludeSpace') ? ' ' : '',
  ]
    .map((chars) => [...chars].filter((c) => !exclude.has(c)).join(''))
    .filter((chars) => chars !== '');
  const length = Number(options.PasswordLength ?? 32);
  const all = classes.join('');
  if (all === '' || length < 1 || length > 4096) {
    throw new Error(
      'GenerateSecretString: no characters left to choose from or a length outside 1-4096',
    );
  }
  const chars = Array.from({ length }, () => all[randomInt(all.length)]!);
  if (options.RequireEachIncludedType !== false && length >= classes.length) {
    // One of each included type, at distinct random places.
    const places = [...Array(length).keys()].sort(() => randomInt(3) - 1).slice(0, classes.length);
    classes.forEach((set, i) => (chars[places[i]!] = set[randomInt(set.length)]!));
  }
  return chars.join('');
}

function secretValue(props: Record<string, unknown>): string | undefined {
  const generate = props.GenerateSecretString as Record<string, unknown> | undefined;
  if (generate === undefined) return str(props.SecretString);
  const password = generatePassword(generate);
  const template = str(generate.SecretStringTemplate);
  const key = str(generate.GenerateStringKey);
  if (template === undefined || key === undefined) return password;
  const document = JSON.parse(template) as Record<string, unknown>;
  document[key] = password;
  return JSON.stringify(document);
}

const secret: ResourceProvider = {
  replaceOn: ['Name'],
  async create(props, ctx) {
    const name =
      str(props.Name) ?? `${ctx.logicalId}-${physicalName('', '', { maxLength: 14 }).slice(2)}`;
    const value = secretValue(props);
    const answer = await ctx.clients.secrets.send(
      new CreateSecretCommand({
        Name: name,
        ...(value === undefined ? {} : { SecretString: value }),
        ...(str(props.Description) === undefined ? {} : { Description: str(props.Description) }),
        ...(str(props.KmsKeyId) === undefined ? {} : { KmsKeyId: str(props.KmsKeyId) }),
        Tags: tagList(props.Tags),
      }),
    );
    return { physicalId: answer.ARN ?? name, attributes: { Id: answer.ARN } };
  },
  async delete(arn, _, ctx) {
    await ctx.clients.secrets.send(
      new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true }),
    );
  },
};

/**
 * Adds the database's connection fields to its secret, as AWS does for an RDS target:
 * engine, host, port, dbInstanceIdentifier (and dbname when the instance has one).
 */
const secretAttachment: ResourceProvider = {
  replaceOn: ['SecretId'],
  async create(props, ctx) {
    const secretId = String(props.SecretId ?? '');
    const target = ctx.stackResource(String(props.TargetId ?? ''));
    if (target === undefined || target.type !== 'AWS::RDS::DBInstance') {
      throw new ResourceFailure(
        `TargetId ${String(props.TargetId)} is not a database instance of this stack`,
      );
    }
    const current = await ctx.clients.secrets.send(
      new GetSecretValueCommand({ SecretId: secretId }),
    );
    const document = JSON.parse(current.SecretString ?? '{}') as Record<string, unknown>;
    Object.assign(document, {
      engine: String(target.properties.Engine ?? ''),
      host: target.attributes['Endpoint.Address'],
      port: Number(target.attributes['Endpoint.Port']),
      dbInstanceIdentifier: String(props.TargetId),
      ...(target.properties.DBName === undefined
        ? {}
        : { dbname: String(target.properties.DBName) }),
    });
    await ctx.clients.secrets.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(document) }),
    );
    return { physicalId: current.ARN ?? secretId, attributes: {} };
  },
  delete: () => Promise.resolve(),
};

export const storageProviders: Record<string, ResourceProvider> = {
  'AWS::S3::Bucket': bucket,
  'AWS::SSM::Parameter': parameter,
  'AWS::SecretsManager::Secret': secret,
  'AWS::SecretsManager::SecretTargetAttachment': secretAttachment,
};
