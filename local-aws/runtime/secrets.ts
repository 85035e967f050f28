import type { SecretResolver } from './containers';

/**
 * Resolves the secrets a deployment hands its container (App Runner RuntimeEnvironmentSecrets,
 * ECS `secrets[].valueFrom`) the way the platform does: it reads them from Secrets Manager or
 * SSM Parameter Store with the service's role. Here through the stack's own API with the SDK,
 * so a missing secret fails the container start as it fails a task on AWS.
 *
 * Secrets Manager references may select a JSON key, stage or version:
 * `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME[:json-key:version-stage:version-id]`.
 */
export function sdkSecretResolver(
  endpoint: () => string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string },
): SecretResolver {
  return async (secrets) => {
    const entries = Object.entries(secrets);
    if (entries.length === 0) return {};
    const config = { endpoint: endpoint(), region, credentials };
    const resolved: Record<string, string> = {};
    for (const [name, reference] of entries) {
      const parts = reference.split(':');
      if (parts[2] === 'secretsmanager') {
        const { SecretsManagerClient, GetSecretValueCommand } =
          await import('@aws-sdk/client-secrets-manager');
        const client = new SecretsManagerClient(config);
        const [jsonKey, stage, versionId] = [parts[7], parts[8], parts[9]];
        const answer = await client.send(
          new GetSecretValueCommand({
            SecretId: parts.slice(0, 7).join(':'),
            ...(stage ? { VersionStage: stage } : {}),
            ...(versionId ? { VersionId: versionId } : {}),
          }),
        );
        client.destroy();
        const value = answer.SecretString ?? '';
        resolved[name] = jsonKey ? String((JSON.parse(value) as Record<string, unknown>)[jsonKey] ?? '') : value; // prettier-ignore
      } else {
        const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
        const client = new SSMClient(config);
        const answer = await client.send(
          new GetParameterCommand({ Name: reference, WithDecryption: true }),
        );
        client.destroy();
        resolved[name] = answer.Parameter?.Value ?? '';
      }
    }
    return resolved;
  };
}
