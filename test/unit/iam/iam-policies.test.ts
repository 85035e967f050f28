import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { iamActionsFor, repoRoot, sourceOperations } from './source-operations';

// Least privilege, checked against the code: for each action, the IAM actions its policy
// (iam/policies/<action>.json) allows are exactly the ones its source needs - every SDK
// operation found in src/<action>/ and the src/ modules it imports, plus the few permissions
// needed by something other than an SDK call (listed below with the reason). Nothing more.

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

/** Permissions used by something other than an SDK call in the action's source. */
const DOCKER_PUSH = {
  actions: [
    'ecr:BatchCheckLayerAvailability',
    'ecr:InitiateLayerUpload',
    'ecr:UploadLayerPart',
    'ecr:CompleteLayerUpload',
  ],
  why: 'docker push / buildx --push upload layers through the registry API, not the SDK',
};
const DOCKER_PUSH_PUBLIC = {
  actions: [
    'sts:GetServiceBearerToken',
    'ecr-public:BatchCheckLayerAvailability',
    'ecr-public:InitiateLayerUpload',
    'ecr-public:UploadLayerPart',
    'ecr-public:CompleteLayerUpload',
    'ecr-public:PutImage',
  ],
  why: 'ECR Public: GetAuthorizationToken needs sts:GetServiceBearerToken; docker push uploads layers',
};
const PASS_APPRUNNER_ROLES = {
  actions: ['iam:PassRole'],
  why: 'CreateService/UpdateService hand App Runner the ECR access role and the instance role',
};
const PASS_ECS_ROLES = {
  actions: ['iam:PassRole'],
  why: 'RegisterTaskDefinition/CreateExpressGatewayService/RunTask hand ECS the task roles',
};
const NON_SDK: Record<string, { actions: string[]; why: string }[]> = {
  'build-push-ecr': [DOCKER_PUSH, DOCKER_PUSH_PUBLIC],
  'run-migrations': [PASS_ECS_ROLES],
  'deploy-apprunner': [PASS_APPRUNNER_ROLES],
  'deploy-ecs': [PASS_ECS_ROLES],
  // The root action runs every part (rootActionParts): their permissions together.
  deploy: [DOCKER_PUSH, DOCKER_PUSH_PUBLIC, PASS_APPRUNNER_ROLES, PASS_ECS_ROLES],
};

/** IAM actions that do not support resource-level permissions (Resource must be "*"). */
const RESOURCE_STAR_ONLY = new Set([
  'ecr:GetAuthorizationToken',
  'ecr-public:GetAuthorizationToken',
  'sts:GetServiceBearerToken',
  'ecs:RegisterTaskDefinition',
  'ecs:DescribeTaskDefinition',
  'apprunner:ListServices',
  'apprunner:ListOperations',
  'cloudfront:ListDistributions',
  'ssm:DescribeParameters',
]);

const policiesDir = path.join(repoRoot, 'iam', 'policies');

function actionNames(): string[] {
  const names = readdirSync(path.join(repoRoot, 'actions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  return [...names, 'deploy'].sort();
}

function readPolicy(file: string): PolicyDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as PolicyDocument;
}

function list(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * The parts the root action runs: it starts each part's own bundle (src/deploy/parts.ts, one
 * input check per part), so its role needs what those parts call, and its own source calls none.
 */
function rootActionParts(): string[] {
  const source = readFileSync(path.join(repoRoot, 'src', 'deploy', 'parts.ts'), 'utf8');
  return [...source.matchAll(/'([a-z0-9-]+)': \(\) => import\('\.\.\/\1\/inputs'\)/g)].map(
    (m) => m[1] ?? '',
  );
}

function requiredActions(action: string): Set<string> {
  const required = new Set<string>();
  if (action === 'deploy') {
    const parts = rootActionParts();
    expect([...parts].sort()).toEqual(actionNames().filter((name) => name !== 'deploy'));
    for (const part of parts)
      for (const iamAction of requiredActions(part)) required.add(iamAction);
  }
  for (const { operation } of sourceOperations(action)) {
    const [prefix, name] = operation.split(':') as [string, string];
    for (const iamAction of iamActionsFor(prefix, name)) required.add(iamAction);
  }
  // Nothing else is needed by an action that makes no AWS call (or whose code has not landed).
  if (required.size === 0) return required;
  for (const extra of NON_SDK[action] ?? [])
    for (const iamAction of extra.actions) required.add(iamAction);
  return required;
}

describe('IAM policy per action', () => {
  const actions = actionNames();

  it.each(actions)('%s: the policy allows exactly what the source calls', (action) => {
    const required = requiredActions(action);
    const file = path.join(policiesDir, `${action}.json`);
    if (required.size === 0) {
      // No AWS call (verify-health, or an action whose code has not landed): no policy, or an
      // empty one.
      if (existsSync(file)) expect(readPolicy(file).Statement).toEqual([]);
      return;
    }
    expect(existsSync(file)).toBe(true);
    const policy = readPolicy(file);
    expect(policy.Version).toBe('2012-10-17');
    const allowed = new Set<string>();
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe('Allow');
      for (const iamAction of list(statement.Action)) {
        expect(iamAction).not.toContain('*');
        allowed.add(iamAction);
      }
    }
    const missing = [...required].filter((iamAction) => !allowed.has(iamAction)).sort();
    const extra = [...allowed].filter((iamAction) => !required.has(iamAction)).sort();
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(actions)('%s: Resource "*" only where IAM offers nothing narrower', (action) => {
    const file = path.join(policiesDir, `${action}.json`);
    if (!existsSync(file)) return;
    const violations: string[] = [];
    for (const statement of readPolicy(file).Statement) {
      if (!list(statement.Resource).includes('*')) continue;
      for (const iamAction of list(statement.Action)) {
        if (!RESOURCE_STAR_ONLY.has(iamAction) && statement.Condition === undefined)
          violations.push(`${statement.Sid ?? '?'}: ${iamAction} on "*"`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no policy file for an action that does not exist', () => {
    if (!existsSync(policiesDir)) return;
    const files = readdirSync(policiesDir).filter((name) => name.endsWith('.json'));
    expect(files.filter((name) => !actions.includes(name.replace(/\.json$/, '')))).toEqual([]);
  });

  it('finds the operations a module calls, through static and dynamic imports', () => {
    // test/unit/iam/fixtures/src/probe: index.ts calls ECS and imports ../shared/store, which
    // loads the S3 client with await import() and lists objects with a paginator.
    const fixtures = path.join(__dirname, 'fixtures', 'src');
    const operations = sourceOperations('probe', fixtures).map((op) => op.operation);
    expect(operations.sort()).toEqual(['ecs:UpdateService', 's3:ListObjectsV2', 's3:PutObject']);
    expect(iamActionsFor('s3', 'ListObjectsV2')).toEqual(['s3:ListBucket']);
    expect(iamActionsFor('s3', 'CopyObject')).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(iamActionsFor('ecs', 'UpdateService')).toEqual(['ecs:UpdateService']);
  });
});

describe('OIDC role trust policy', () => {
  const trust = readPolicy(path.join(repoRoot, 'iam', 'oidc-trust-policy.json'));

  it('lets only GitHub OIDC tokens for one repository and environment assume the role', () => {
    expect(trust.Statement).toHaveLength(1);
    const statement = trust.Statement[0]! as Statement & { Principal: { Federated: string } };
    expect(statement.Effect).toBe('Allow');
    expect(statement.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statement.Principal.Federated).toMatch(
      /^arn:aws:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/,
    );
    const equals = statement.Condition?.StringEquals ?? {};
    expect(equals['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com');
    const subjects = list(equals['token.actions.githubusercontent.com:sub'] ?? []);
    expect(subjects.length).toBeGreaterThan(0);
    for (const subject of subjects) {
      expect(subject).toMatch(/^repo:[^:*?]+\/[^:*?]+:environment:[^:*?]+$/);
    }
    // No wildcard matching on the subject anywhere (StringLike with * would admit any branch).
    expect(JSON.stringify(statement.Condition)).not.toMatch(/StringLike|ForAnyValue|\*/);
  });
});
