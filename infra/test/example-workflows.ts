import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Workflow inputs whose values are AWS resources a stack creates: each needs a stack output. */
export const INFRA_INPUTS = new Set([
  'role-to-assume',
  'aws-region',
  'ecr-repository',
  'repository',
  'service',
  'cluster',
  'access-role-arn',
  'instance-role-arn',
  'execution-role-arn',
  'infrastructure-role-arn',
  'vpc-connector-arn',
  'runtime-secrets',
  'secrets',
  'database-secret-id',
  'database-parameter',
  'bucket',
  'distribution-id',
  'site-url',
  'urls',
  'subnets',
  'security-groups',
  'ecs-cluster',
  'ecs-service',
  'ecs-subnets',
  'ecs-security-groups',
]);

/** Inputs whose value is the user's own site URL (a domain the stack cannot know). */
export const URL_INPUTS = new Set(['site-url', 'urls']);

/** Inputs that describe the build or the deploy, not a resource. */
export const OTHER_INPUTS = new Set([
  'environment',
  'platform',
  'context',
  'container-port',
  'cpu',
  'memory',
  'health-path',
  'migrations-directory',
  'database-engine',
  'frontend-directory',
  'frontend-output',
  'site-reports-version',
  'target',
  'build-args',
  'create-repository',
  'scan-on-push',
  'keep-images',
  'mode',
  'images',
  'paths',
  'expected-version',
  'version-header',
  'timeout',
  'container',
  'image',
  'migrations-path',
  'engine',
  'version-json-path',
  'port',
  'min-instances',
  'max-instances',
  'health-check-path',
  'directory',
  'persist-credentials',
  'node-version',
]);

export interface WorkflowValue {
  /** examples/<name>/.github/workflows/<file> */
  file: string;
  /** The step id (or job id for a reusable-workflow call) that passes it. */
  id: string | undefined;
  input: string;
  value: string;
}

function asMap(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Every literal `with:` value of an example's workflows (job-level calls and steps). */
export function workflowValues(example: string): WorkflowValue[] {
  const dir = path.join(repoRoot, 'examples', example, '.github', 'workflows');
  const values: WorkflowValue[] = [];
  for (const name of readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()) {
    const doc = asMap(parse(readFileSync(path.join(dir, name), 'utf8')));
    const file = `examples/${example}/.github/workflows/${name}`;
    const add = (id: string | undefined, withMap: unknown): void => {
      for (const [input, value] of Object.entries(asMap(withMap))) {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
          continue;
        const text = String(value).trim();
        if (text.includes('${{')) continue;
        values.push({ file, id, input, value: text });
      }
    };
    for (const [jobId, job] of Object.entries(asMap(doc.jobs))) {
      add(undefined, asMap(job).with);
      for (const step of (asMap(job).steps as unknown[] | undefined) ?? []) {
        const id = asMap(step).id;
        add(typeof id === 'string' ? id : undefined, asMap(step).with);
      }
      void jobId;
    }
  }
  return values;
}
