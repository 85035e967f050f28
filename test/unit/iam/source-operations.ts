import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// What AWS operations an action's source can call: the SDK commands constructed (`new XCommand(`)
// and paginators used (`paginateX(`) in src/<action>/ and in every src/ module it imports,
// directly or not. Each command is attributed to the @aws-sdk/client-* package that exports it
// among the packages the same file imports (statically or with `await import()`).

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const srcRoot = path.join(repoRoot, 'src');

/** IAM service prefix of each SDK client package the bundle uses. */
export const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-apprunner': 'apprunner',
  '@aws-sdk/client-cloudfront': 'cloudfront',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-ecr': 'ecr',
  '@aws-sdk/client-ecr-public': 'ecr-public',
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-sts': 'sts',
};

/**
 * API operations whose IAM action has another name (S3 names permissions by what they do, not by
 * the API). Everything else is `<prefix>:<Operation>`.
 */
const IAM_ACTIONS: Record<string, string[]> = {
  's3:ListObjectsV2': ['s3:ListBucket'],
  's3:ListObjects': ['s3:ListBucket'],
  's3:HeadBucket': ['s3:ListBucket'],
  's3:HeadObject': ['s3:GetObject'],
  's3:CopyObject': ['s3:GetObject', 's3:PutObject'],
  's3:DeleteObjects': ['s3:DeleteObject'],
  's3:CreateMultipartUpload': ['s3:PutObject'],
  's3:UploadPart': ['s3:PutObject'],
  's3:CompleteMultipartUpload': ['s3:PutObject'],
  's3:AbortMultipartUpload': ['s3:AbortMultipartUpload'],
  's3:GetObjectTagging': ['s3:GetObjectTagging'],
  // GetCallerIdentity needs no permission: it is never denied.
  'sts:GetCallerIdentity': [],
};

export function iamActionsFor(prefix: string, operation: string): string[] {
  const key = `${prefix}:${operation}`;
  return IAM_ACTIONS[key] ?? [key];
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return undefined;
}

/** The action's entry and every src/ module it reaches through relative imports. */
export function importClosure(action: string, root = srcRoot): string[] {
  const entry = path.join(root, action, 'index.ts');
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)) {
      const resolved = resolveImport(file, match[1]!);
      if (resolved !== undefined) queue.push(resolved);
    }
  }
  return [...seen].sort();
}

const commandsByPackage = new Map<string, Set<string>>();
function commandsOf(pkg: string): Set<string> {
  let commands = commandsByPackage.get(pkg);
  if (commands === undefined) {
    const dir = path.join(repoRoot, 'node_modules', pkg, 'dist-types', 'commands');
    commands = new Set(
      existsSync(dir)
        ? readdirSync(dir)
            .filter((name) => name.endsWith('Command.d.ts'))
            .map((name) => name.replace(/Command\.d\.ts$/, ''))
        : [],
    );
    commandsByPackage.set(pkg, commands);
  }
  return commands;
}

export interface SourceOperation {
  /** `apprunner:UpdateService` (API operation, before IAM renaming). */
  operation: string;
  file: string;
}

/** Every AWS API operation the action's source calls. */
export function sourceOperations(action: string, root = srcRoot): SourceOperation[] {
  const found: SourceOperation[] = [];
  for (const file of importClosure(action, root)) {
    const text = readFileSync(file, 'utf8');
    const packages = [...text.matchAll(/'(@aws-sdk\/client-[a-z0-9-]+)'/g)].map((m) => m[1]!);
    const rel = path.relative(repoRoot, file);
    const names = [
      ...[...text.matchAll(/\bnew\s+([A-Z][A-Za-z0-9]*)Command\s*\(/g)].map((m) => m[1]!),
      ...[...text.matchAll(/\bpaginate([A-Z][A-Za-z0-9]*)\s*\(/g)].map((m) => m[1]!),
    ];
    for (const name of names) {
      const owners = [...new Set(packages)].filter((pkg) => commandsOf(pkg).has(name));
      if (owners.length !== 1) {
        throw new Error(
          `${rel}: cannot tell which AWS service ${name} belongs to (imports: ${packages.join(', ') || 'none'})`,
        );
      }
      const prefix = IAM_PREFIX[owners[0]!];
      if (prefix === undefined)
        throw new Error(`${rel}: ${owners[0]} has no IAM prefix in IAM_PREFIX`);
      found.push({ operation: `${prefix}:${name}`, file: rel });
    }
  }
  return found;
}
