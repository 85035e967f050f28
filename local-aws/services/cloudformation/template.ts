import { parse as parseYaml, type Tags } from 'yaml';
import { AwsError } from '../../server/aws-error';
import type { Template } from './model';

/** CloudFormation's YAML short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) as their long forms. */
const SHORT_FORMS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
];

function yamlTags(): Tags {
  const tags: Tags = [
    { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
    { tag: '!Condition', resolve: (value: string) => ({ Condition: value }) },
  ];
  for (const name of SHORT_FORMS) {
    const key = `Fn::${name}`;
    const scalar = (value: string): unknown =>
      name === 'GetAtt' ? { [key]: splitGetAtt(value) } : { [key]: value };
    tags.push({ tag: `!${name}`, resolve: scalar });
    tags.push({
      tag: `!${name}`,
      collection: 'seq',
      resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }),
    });
    tags.push({
      tag: `!${name}`,
      collection: 'map',
      resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }),
    });
  }
  return tags;
}

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

const formatError = (message: string): AwsError =>
  new AwsError('ValidationError', `Template format error: ${message}`);

const TOP_LEVEL = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]);

/** Parses a template body (JSON, else YAML) and checks its shape as CloudFormation does. */
export function parseTemplate(body: string): Template {
  let parsed: unknown;
  const trimmed = body.trimStart();
  try {
    parsed = trimmed.startsWith('{')
      ? JSON.parse(body)
      : parseYaml(body, { customTags: yamlTags(), uniqueKeys: true });
  } catch (error) {
    const what = trimmed.startsWith('{') ? 'JSON not well-formed' : 'YAML not well-formed';
    throw formatError(`${what}. (${error instanceof Error ? error.message.split('\n')[0] : ''})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw formatError('unsupported structure.');
  }
  const template = parsed as Template;
  for (const key of Object.keys(template)) {
    if (!TOP_LEVEL.has(key)) throw formatError(`Invalid template property or properties [${key}]`);
  }
  if (template.Transform !== undefined) {
    throw new AwsError(
      'ValidationError',
      'Transforms (macros, AWS::Serverless) are not supported by the local stack',
    );
  }
  const resources = template.Resources as unknown;
  if (
    resources === undefined ||
    resources === null ||
    typeof resources !== 'object' ||
    Object.keys(resources).length === 0
  ) {
    throw formatError('At least one Resources member must be defined.');
  }
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (!/^[A-Za-z0-9]+$/.test(logicalId)) {
      throw formatError(`Resource name ${logicalId} is non alphanumeric.`);
    }
    if (typeof resource?.Type !== 'string' || resource.Type === '') {
      throw formatError(
        `[/Resources/${logicalId}] Every Resources object must contain a Type member.`,
      );
    }
    if (!/^(AWS|Custom|Alexa)::[A-Za-z0-9]+(::[A-Za-z0-9]+)?$|^Custom::/.test(resource.Type)) {
      throw formatError(`Unrecognized resource types: [${resource.Type}]`);
    }
  }
  return template;
}

/** Resolves the template's parameters from the given values and defaults. */
export function resolveParameters(
  template: Template,
  given: Record<string, string>,
  previous: Record<string, string> = {},
  usePrevious: Set<string> = new Set(),
): Record<string, string> {
  const declared = template.Parameters ?? {};
  for (const key of Object.keys(given)) {
    if (!(key in declared)) {
      throw new AwsError('ValidationError', `Parameters: [${key}] do not exist in the template`);
    }
  }
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [key, declaration] of Object.entries(declared)) {
    const value = usePrevious.has(key)
      ? previous[key]
      : (given[key] ??
        (declaration.Default === undefined ? undefined : parameterString(declaration.Default)));
    if (value === undefined) {
      missing.push(key);
      continue;
    }
    if (
      declaration.AllowedValues !== undefined &&
      !declaration.AllowedValues.map(parameterString).includes(value)
    ) {
      throw new AwsError('ValidationError', `Parameter '${key}' must be one of AllowedValues`);
    }
    if (
      declaration.AllowedPattern !== undefined &&
      !new RegExp(`^(?:${declaration.AllowedPattern})$`).test(value)
    ) {
      throw new AwsError(
        'ValidationError',
        `Parameter '${key}' must match pattern ${declaration.AllowedPattern}`,
      );
    }
    if (declaration.Type === 'Number' && (value === '' || Number.isNaN(Number(value)))) {
      throw new AwsError('ValidationError', `Parameter '${key}' must be a number.`);
    }
    values[key] = value;
  }
  if (missing.length > 0) {
    throw new AwsError('ValidationError', `Parameters: [${missing.join(', ')}] must have values`);
  }
  return values;
}

function parameterString(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/** Whether the template creates IAM resources, and whether they are custom-named. */
export function requiredCapability(template: Template): string | undefined {
  let needed: string | undefined;
  for (const resource of Object.values(template.Resources)) {
    if (!resource.Type.startsWith('AWS::IAM::')) continue;
    const props = resource.Properties ?? {};
    const named = ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName', 'InstanceProfileName'];
    if (named.some((key) => props[key] !== undefined)) return 'CAPABILITY_NAMED_IAM';
    needed = 'CAPABILITY_IAM';
  }
  return needed;
}
