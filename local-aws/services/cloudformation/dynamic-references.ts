import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { Clients } from './providers/clients';
import { ResourceFailure } from './providers/provider';

const REFERENCE = /\{\{resolve:(ssm|ssm-secure|secretsmanager):([^}]+)\}\}/g;

/**
 * Resolves dynamic references (`{{resolve:ssm:name[:version]}}`, `{{resolve:ssm-secure:...}}`,
 * `{{resolve:secretsmanager:id:SecretString:json-key:stage:version}}`) in the properties handed
 * to a resource's service, as CloudFormation does at deploy time. The stack keeps the
 * references themselves: templates, events and DescribeStackResources never show the values.
 */
export async function resolveDynamicReferences(value: unknown, clients: Clients): Promise<unknown> {
  if (typeof value === 'string') {
    if (!value.includes('{{resolve:')) return value;
    let out = value;
    for (const match of value.matchAll(REFERENCE)) {
      out = out.replace(match[0], await resolveOne(match[1]!, match[2]!, clients));
    }
    return out;
  }
  if (Array.isArray(value))
    return Promise.all(value.map((item) => resolveDynamicReferences(item, clients)));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    out[key] = await resolveDynamicReferences(item, clients);
  return out;
}

async function resolveOne(service: string, reference: string, clients: Clients): Promise<string> {
  try {
    if (service === 'secretsmanager') {
      // secret-id may itself be an ARN (with colons): the last four fields follow it.
      const parts = reference.split(':');
      const arn = reference.startsWith('arn:');
      const id = arn ? parts.slice(0, 7).join(':') : parts[0]!;
      const [field, jsonKey, stage, versionId] = arn ? parts.slice(7) : parts.slice(1);
      if (field !== undefined && field !== '' && field !== 'SecretString') {
        throw new ResourceFailure(
          `Dynamic reference {{resolve:secretsmanager:${reference}}}: only SecretString is supported`,
        );
      }
      const answer = await clients.secrets.send(
        new GetSecretValueCommand({
          SecretId: id,
          ...(stage ? { VersionStage: stage } : {}),
          ...(versionId ? { VersionId: versionId } : {}),
        }),
      );
      const text = answer.SecretString ?? '';
      if (!jsonKey) return text;
      const found = (JSON.parse(text) as Record<string, unknown>)[jsonKey];
      if (found === undefined)
        throw new ResourceFailure(`Could not find SecretString key ${jsonKey} in secret ${id}`);
      return String(found);
    }
    const [name, version] = reference.split(':');
    const answer = await clients.ssm.send(
      new GetParameterCommand({
        Name: version ? `${name}:${version}` : name,
        WithDecryption: service === 'ssm-secure',
      }),
    );
    return answer.Parameter?.Value ?? '';
  } catch (error) {
    if (error instanceof ResourceFailure) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ResourceFailure(
      `Could not resolve the dynamic reference {{resolve:${service}:${reference}}}: ${message}`,
    );
  }
}
