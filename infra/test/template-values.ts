// Turns a CloudFormation value of a synthesized template into the pattern of the strings it can
// become once deployed, so a test can check that a value an example workflow names (an ARN with
// a role name, a repository, a secret) is what the stack's output gives.

export type Template = {
  Resources: Record<
    string,
    {
      Type: string;
      Properties?: Record<string, unknown>;
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
      Condition?: string;
    }
  >;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
  Parameters?: Record<string, unknown>;
};

const ANY = '.+';
const ACCOUNT = '\\d{12}';
const REGION = '[a-z]{2}(-[a-z]+)+-\\d';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function literal(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function resourcePattern(
  template: Template,
  logicalId: string,
  attribute: string | undefined,
): string {
  const resource = template.Resources[logicalId];
  if (!resource) return ANY;
  const props = resource.Properties ?? {};
  switch (`${resource.Type}.${attribute ?? 'Ref'}`) {
    case 'AWS::IAM::Role.Arn': {
      const name = literal(props.RoleName);
      return name
        ? `arn:aws:iam::${ACCOUNT}:role/${escape(name)}`
        : `arn:aws:iam::${ACCOUNT}:role/${ANY}`;
    }
    case 'AWS::ECR::Repository.Ref': {
      const name = literal(props.RepositoryName);
      return name ? escape(name) : ANY;
    }
    case 'AWS::ECR::Repository.RepositoryUri': {
      const name = literal(props.RepositoryName);
      return `${ACCOUNT}\\.dkr\\.ecr\\.${REGION}\\.amazonaws\\.com/${name ? escape(name) : ANY}`;
    }
    case 'AWS::SecretsManager::Secret.Ref': {
      const name = literal(props.Name);
      return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name ? escape(name) : ANY}-[A-Za-z0-9]{6}`;
    }
    case 'AWS::SecretsManager::SecretTargetAttachment.Ref': {
      const target = props.SecretId as { Ref?: string } | undefined;
      return target?.Ref ? resourcePattern(template, target.Ref, undefined) : ANY;
    }
    case 'AWS::ECS::Cluster.Ref': {
      const name = literal(props.ClusterName);
      return name ? escape(name) : ANY;
    }
    default:
      return ANY;
  }
}

/** A regular-expression source matching every string the value can resolve to. */
export function valuePattern(template: Template, value: unknown): string {
  if (typeof value === 'string') return escape(value);
  if (typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object') {
    const [[key, arg]] = Object.entries(value as Record<string, unknown>) as [[string, unknown]];
    if (key === 'Ref') {
      if (arg === 'AWS::Region') return REGION;
      if (arg === 'AWS::AccountId') return ACCOUNT;
      if (arg === 'AWS::Partition') return 'aws';
      if (arg === 'AWS::URLSuffix') return 'amazonaws\\.com';
      return resourcePattern(template, String(arg), undefined);
    }
    if (key === 'Fn::GetAtt') {
      const [id, attribute] = arg as [string, string];
      return resourcePattern(template, id, attribute);
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map((part) => valuePattern(template, part)).join(escape(separator));
    }
    if (key === 'Fn::If') {
      const [, a, b] = arg as [string, unknown, unknown];
      return `(?:${valuePattern(template, a)}|${valuePattern(template, b)})`;
    }
  }
  return ANY;
}

export function matches(template: Template, value: unknown, text: string): boolean {
  return new RegExp(`^${valuePattern(template, value)}$`, 's').test(text);
}

/** Every policy document in the template (inline role policies, AWS::IAM::Policy, bucket policies). */
export function policyDocuments(
  template: Template,
): { where: string; document: { Statement: Record<string, unknown>[] } }[] {
  const out: { where: string; document: { Statement: Record<string, unknown>[] } }[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties ?? {};
    if (props.PolicyDocument) out.push({ where: id, document: props.PolicyDocument as never });
    if (props.AssumeRolePolicyDocument)
      out.push({ where: `${id} trust`, document: props.AssumeRolePolicyDocument as never });
    for (const [index, policy] of (
      (props.Policies as { PolicyDocument: never }[] | undefined) ?? []
    ).entries())
      out.push({ where: `${id} policy ${index}`, document: policy.PolicyDocument });
  }
  return out;
}
