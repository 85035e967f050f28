import { randomBytes } from 'node:crypto';
import { AwsError } from '../server/aws-error';
import { jsonService } from '../server/protocols';
import type { AwsService, ServiceFactory } from '../server/service';

type ParameterType = 'String' | 'StringList' | 'SecureString';

interface ParameterVersion {
  version: number;
  type: ParameterType;
  value: string;
  /** What a SecureString read without decryption returns: an opaque, ciphertext-looking blob. */
  ciphertext?: string;
  keyId?: string;
  description?: string;
  modified: number;
  labels: string[];
}

interface Parameter {
  name: string;
  versions: ParameterVersion[];
  tags: { Key?: string; Value?: string }[];
  allowedPattern?: string;
}

/** Test handle: `stack.service<SsmState>('ssm')`. */
export interface SsmState extends AwsService {
  /** The stored plaintext of a parameter's latest version (undefined when absent). */
  valueOf(name: string): string | undefined;
}

const TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];
const NAME = /^[a-zA-Z0-9_.\-/]+$/;
const MAX_VALUE = 4096;
const DEFAULT_KEY = 'alias/aws/ssm';

/**
 * SSM Parameter Store (awsJson1_1, target prefix `AmazonSSM`): PutParameter, GetParameter,
 * GetParameters, GetParametersByPath (paginated), DeleteParameter. SecureString values read
 * without WithDecryption come back as an opaque base64 blob, as AWS returns the ciphertext.
 */
export const createSsmService: ServiceFactory = (context) => {
  const parameters = new Map<string, Parameter>();
  const arnOf = (name: string): string =>
    `arn:aws:ssm:${context.region}:${context.accountId}:parameter/${name.replace(/^\//, '')}`;

  /** Accepts a name, `name:version`, or the parameter's ARN. */
  const parseSelector = (raw: unknown): { name: string; version?: number; label?: string } => {
    if (typeof raw !== 'string' || raw === '') {
      throw new AwsError(
        'ValidationException',
        "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must not be null",
      );
    }
    let text = raw;
    const arnPrefix = `arn:aws:ssm:${context.region}:${context.accountId}:parameter/`;
    if (text.startsWith(arnPrefix)) {
      // The ARN drops a leading slash: parameter/a/b names /a/b (or a/b when that exists).
      const rest = text.slice(arnPrefix.length);
      const bare = rest.split(':')[0] ?? '';
      text = parameters.has(bare) ? rest : `/${rest}`;
    }
    const colon = text.lastIndexOf(':');
    if (colon > 0) {
      const selector = text.slice(colon + 1);
      const name = text.slice(0, colon);
      if (/^\d+$/.test(selector)) return { name, version: Number(selector) };
      return { name, label: selector };
    }
    return { name: text };
  };

  const notFound = (name: string): AwsError =>
    new AwsError('ParameterNotFound', `Parameter ${name} not found.`);

  const resolve = (raw: unknown): { parameter: Parameter; version: ParameterVersion } => {
    const selector = parseSelector(raw);
    const parameter = parameters.get(selector.name);
    if (parameter === undefined) throw notFound(selector.name);
    let version: ParameterVersion | undefined;
    if (selector.version !== undefined) {
      version = parameter.versions.find((v) => v.version === selector.version);
      if (version === undefined) {
        throw new AwsError(
          'ParameterVersionNotFound',
          `Systems Manager could not find version ${selector.version} of ${selector.name}. Verify the version and try again.`,
        );
      }
    } else if (selector.label !== undefined) {
      version = parameter.versions.find((v) => v.labels.includes(selector.label ?? ''));
      if (version === undefined) {
        throw new AwsError(
          'ParameterVersionNotFound',
          `Systems Manager could not find label ${selector.label} of ${selector.name}.`,
        );
      }
    } else {
      version = parameter.versions[parameter.versions.length - 1];
      if (version === undefined) throw notFound(selector.name);
    }
    return { parameter, version };
  };

  const render = (
    parameter: Parameter,
    version: ParameterVersion,
    withDecryption: boolean,
    selector?: string,
  ): Record<string, unknown> => ({
    Name: parameter.name,
    Type: version.type,
    Value: version.type === 'SecureString' && !withDecryption ? version.ciphertext : version.value,
    Version: version.version,
    ...(selector === undefined ? {} : { Selector: selector }),
    LastModifiedDate: version.modified / 1000,
    ARN: arnOf(parameter.name),
    DataType: 'text',
  });

  const withDecryption = (input: Record<string, unknown>): boolean => input.WithDecryption === true;

  const service = jsonService({
    signingNames: ['ssm'],
    targetPrefix: 'AmazonSSM',
    protocol: '1.1',
    operations: {
      PutParameter(input) {
        const name = input.Name;
        if (typeof name !== 'string' || name === '' || name.length > 2048 || !NAME.test(name)) {
          throw new AwsError(
            'ValidationException',
            'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.',
          );
        }
        if (/^\/?(aws|ssm)/i.test(name)) {
          throw new AwsError(
            'ValidationException',
            'No access to reserved parameter name: ' + name + '.',
          );
        }
        if ((name.startsWith('/') ? name.split('/').length - 2 : name.split('/').length - 1) > 15) {
          throw new AwsError(
            'HierarchyLevelLimitExceededException',
            'A hierarchy can have a maximum of 15 levels.',
          );
        }
        const value = input.Value;
        if (typeof value !== 'string' || value === '') {
          throw new AwsError(
            'ValidationException',
            "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
          );
        }
        if (Buffer.byteLength(value) > MAX_VALUE) {
          throw new AwsError(
            'ValidationException',
            'Standard tier parameters support a maximum parameter value of 4096 characters.',
          );
        }
        const existing = parameters.get(name);
        const overwrite = input.Overwrite === true;
        if (existing !== undefined && !overwrite) {
          throw new AwsError(
            'ParameterAlreadyExists',
            'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
          );
        }
        if (existing !== undefined && Array.isArray(input.Tags) && input.Tags.length > 0) {
          throw new AwsError(
            'ValidationException',
            "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
          );
        }
        const previous = existing?.versions[existing.versions.length - 1];
        const typeInput = input.Type;
        if (typeInput !== undefined && !TYPES.includes(typeInput as ParameterType)) {
          throw new AwsError(
            'ValidationException',
            `1 validation error detected: Value '${String(typeInput)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
          );
        }
        const type = (typeInput as ParameterType | undefined) ?? previous?.type;
        if (type === undefined) {
          throw new AwsError(
            'ValidationException',
            'A parameter type is required when you create a parameter.',
          );
        }
        const pattern =
          typeof input.AllowedPattern === 'string'
            ? input.AllowedPattern
            : existing?.allowedPattern;
        if (pattern !== undefined && !new RegExp(pattern).test(value)) {
          throw new AwsError(
            'ParameterPatternMismatchException',
            `Parameter value, cannot be validated against allowedPattern: ${pattern}`,
          );
        }
        const parameter: Parameter = existing ?? {
          name,
          versions: [],
          tags: Array.isArray(input.Tags) ? (input.Tags as Parameter['tags']) : [],
        };
        if (pattern !== undefined) parameter.allowedPattern = pattern;
        const version: ParameterVersion = {
          version: (previous?.version ?? 0) + 1,
          type,
          value,
          modified: Date.now(),
          labels: [],
          ...(typeof input.Description === 'string' ? { description: input.Description } : {}),
        };
        if (type === 'SecureString') {
          version.keyId = typeof input.KeyId === 'string' ? input.KeyId : DEFAULT_KEY;
          version.ciphertext = `AQICAH${randomBytes(48 + Buffer.byteLength(value)).toString('base64')}`;
        }
        parameter.versions.push(version);
        // Parameter Store keeps 100 versions: the oldest one goes (versions have no labels here).
        if (parameter.versions.length > 100) parameter.versions.shift();
        parameters.set(name, parameter);
        return { Version: version.version, Tier: 'Standard' };
      },

      GetParameter(input) {
        const { parameter, version } = resolve(input.Name);
        const selector =
          typeof input.Name === 'string' &&
          input.Name.includes(':') &&
          !input.Name.startsWith('arn:')
            ? input.Name.slice(input.Name.lastIndexOf(':'))
            : undefined;
        return { Parameter: render(parameter, version, withDecryption(input), selector) };
      },

      GetParameters(input) {
        const names = input.Names;
        if (!Array.isArray(names) || names.length === 0 || names.length > 10) {
          throw new AwsError(
            'ValidationException',
            "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10",
          );
        }
        const found: Record<string, unknown>[] = [];
        const invalid: string[] = [];
        for (const name of names) {
          try {
            const { parameter, version } = resolve(name);
            found.push(render(parameter, version, withDecryption(input)));
          } catch (error) {
            if (
              error instanceof AwsError &&
              (error.code === 'ParameterNotFound' || error.code === 'ParameterVersionNotFound')
            ) {
              invalid.push(String(name));
            } else {
              throw error;
            }
          }
        }
        return { Parameters: found, InvalidParameters: invalid };
      },

      GetParametersByPath(input) {
        const path = input.Path;
        if (typeof path !== 'string' || !path.startsWith('/')) {
          throw new AwsError(
            'ValidationException',
            'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".',
          );
        }
        const max = input.MaxResults === undefined ? 10 : Number(input.MaxResults);
        if (!Number.isInteger(max) || max < 1 || max > 10) {
          throw new AwsError(
            'ValidationException',
            "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
          );
        }
        const prefix = path.endsWith('/') ? path : `${path}/`;
        const recursive = input.Recursive === true;
        const matching = [...parameters.values()]
          .filter((p) => p.name.startsWith(prefix))
          .filter((p) => recursive || !p.name.slice(prefix.length).includes('/'))
          .sort((a, b) => a.name.localeCompare(b.name));
        let start = 0;
        if (input.NextToken !== undefined) {
          const decoded =
            typeof input.NextToken === 'string' ? decodeOffset(input.NextToken) : undefined;
          if (decoded === undefined)
            throw new AwsError('InvalidNextToken', "The specified token isn't valid.");
          start = decoded;
        }
        const page = matching.slice(start, start + max);
        return {
          Parameters: page.map((p) => {
            const version = p.versions[p.versions.length - 1] as ParameterVersion;
            return render(p, version, withDecryption(input));
          }),
          ...(start + max < matching.length ? { NextToken: encodeOffset(start + max) } : {}),
        };
      },

      DeleteParameter(input) {
        const name = typeof input.Name === 'string' ? input.Name : '';
        if (!parameters.delete(name)) throw notFound(name);
        return {};
      },
    },
  });

  const state: SsmState = {
    ...service,
    valueOf: (name) => parameters.get(name)?.versions.at(-1)?.value,
  };
  return state;
};

function encodeOffset(offset: number): string {
  return Buffer.from(`ssm-page:${offset}`).toString('base64');
}

function decodeOffset(token: string): number | undefined {
  const match = /^ssm-page:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  return match === null ? undefined : Number(match[1]);
}
