import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  BUNDLE_PATH,
  BUNDLE_REPO,
  actionInputs,
  asMap,
  repoRoot,
  usesOf,
  workflowCallInterface,
  workflowFiles,
  type DeclaredInputs,
  type UsesRef,
} from './workflow-files';

// Every `with:` key of every workflow and example is an input that the called action or reusable
// workflow declares; every input it requires is given; reusable-workflow `secrets:` keys are
// declared secrets. Bundle actions and workflows are read from this repository; third-party
// actions from the inputs of the pinned versions listed below.

const THIRD_PARTY: Record<string, { version: string; inputs: string[]; required?: string[] }> = {
  'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8': {
    version: 'v5.0.0',
    inputs: [
      'repository',
      'ref',
      'token',
      'ssh-key',
      'ssh-known-hosts',
      'ssh-strict',
      'ssh-user',
      'persist-credentials',
      'path',
      'clean',
      'filter',
      'sparse-checkout',
      'sparse-checkout-cone-mode',
      'fetch-depth',
      'fetch-tags',
      'show-progress',
      'lfs',
      'submodules',
      'set-safe-directory',
      'github-server-url',
    ],
  },
  'actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444': {
    version: 'v5.0.0',
    inputs: [
      'always-auth',
      'node-version',
      'node-version-file',
      'architecture',
      'check-latest',
      'registry-url',
      'scope',
      'token',
      'cache',
      'package-manager-cache',
      'cache-dependency-path',
      'mirror',
      'mirror-token',
    ],
  },
  'aws-actions/configure-aws-credentials@a03048d87541d1d9fcf2ecf528a4a65ba9bd7838': {
    version: 'v5.0.0',
    inputs: [
      'audience',
      'aws-access-key-id',
      'aws-secret-access-key',
      'aws-session-token',
      'aws-region',
      'mask-aws-account-id',
      'role-to-assume',
      'web-identity-token-file',
      'role-chaining',
      'role-duration-seconds',
      'role-session-name',
      'role-external-id',
      'role-skip-session-tagging',
      'inline-session-policy',
      'managed-session-policies',
      'output-credentials',
      'output-env-credentials',
      'unset-current-credentials',
      'disable-retry',
      'retry-max-attempts',
      'special-characters-workaround',
      'use-existing-credentials',
      'allowed-account-ids',
      'force-skip-oidc',
      'proxy-server',
      'no-proxy',
    ],
    required: ['aws-region'],
  },
};

interface Target {
  label: string;
  inputs: DeclaredInputs;
  secrets?: DeclaredInputs;
}

function fromActionYml(rel: string): Target {
  const file = path.join(repoRoot, rel);
  if (!existsSync(file)) throw new Error(`${rel} does not exist`);
  return { label: rel, inputs: actionInputs(asMap(parse(readFileSync(file, 'utf8')))) };
}

function fromWorkflow(rel: string): Target {
  const file = path.join(repoRoot, rel);
  if (!existsSync(file)) throw new Error(`${rel} does not exist`);
  const contract = workflowCallInterface(asMap(parse(readFileSync(file, 'utf8'))));
  return { label: rel, ...contract };
}

/** What a `uses:` points at, or an error message. */
function targetOf(ref: UsesRef): Target | string {
  const { uses } = ref;
  const local = new RegExp(`^\\./${BUNDLE_PATH.replace('.', '\\.')}/actions/([a-z0-9-]+)$`).exec(
    uses,
  );
  if (local !== null) return fromActionYml(`actions/${local[1]}/action.yml`);
  if (uses.startsWith(`${BUNDLE_REPO}/.github/workflows/`)) {
    return fromWorkflow(uses.slice(BUNDLE_REPO.length + 1).replace(/@.*$/, ''));
  }
  const bundleAction = new RegExp(`^${BUNDLE_REPO}/actions/([a-z0-9-]+)@`).exec(uses);
  if (bundleAction !== null) return fromActionYml(`actions/${bundleAction[1]}/action.yml`);
  if (uses.startsWith(`${BUNDLE_REPO}@`)) return fromActionYml('action.yml');
  const known = THIRD_PARTY[uses];
  if (known !== undefined) {
    return {
      label: `${uses} (${known.version})`,
      inputs: {
        names: new Set(known.inputs),
        required: new Set(known.required ?? []),
        types: new Map(),
      },
    };
  }
  return `${uses} is neither a bundle action nor a known third-party action (add its inputs to THIRD_PARTY)`;
}

const files = workflowFiles();

describe('with: keys match what the called action or workflow declares', () => {
  it.each(files.map((file) => [file.rel, file] as const))('%s', (_rel, file) => {
    const violations: string[] = [];
    for (const ref of usesOf(file)) {
      const at = `${file.rel}:${ref.line} ${ref.where}`;
      let target: Target | string;
      try {
        target = targetOf(ref);
      } catch (error) {
        violations.push(`${at}: ${String(error)}`);
        continue;
      }
      if (typeof target === 'string') {
        violations.push(`${at}: ${target}`);
        continue;
      }
      for (const key of Object.keys(ref.with)) {
        if (!target.inputs.names.has(key))
          violations.push(`${at}: ${target.label} declares no input "${key}"`);
      }
      for (const [key, value] of Object.entries(ref.with)) {
        const type = target.inputs.types.get(key);
        const expression = typeof value === 'string' && value.includes('${{');
        if (type !== undefined && !expression && typeof value !== type)
          violations.push(
            `${at}: ${target.label} input "${key}" is a ${type}, got ${JSON.stringify(value)}`,
          );
      }
      for (const key of target.inputs.required) {
        if (!(key in ref.with)) violations.push(`${at}: ${target.label} requires input "${key}"`);
      }
      if (target.secrets !== undefined) {
        const given = asMap(ref.secrets);
        for (const key of Object.keys(given)) {
          if (!target.secrets.names.has(key))
            violations.push(`${at}: ${target.label} declares no secret "${key}"`);
        }
        for (const key of target.secrets.required) {
          if (!(key in given)) violations.push(`${at}: ${target.label} requires secret "${key}"`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('resolves every kind of reference the repository uses', () => {
    const kinds = new Set<string>();
    for (const file of files) {
      for (const ref of usesOf(file)) {
        if (ref.uses.startsWith(`./${BUNDLE_PATH}/`)) kinds.add('bundle action (self checkout)');
        else if (ref.uses.startsWith(`${BUNDLE_REPO}/.github/workflows/`))
          kinds.add('reusable workflow');
        else if (ref.uses.startsWith(`${BUNDLE_REPO}/actions/`)) kinds.add('single action');
        else if (ref.uses.startsWith(`${BUNDLE_REPO}@`)) kinds.add('root action');
      }
    }
    // The three ways the bundle is used all appear in the examples and workflows.
    expect([...kinds].sort()).toEqual([
      'bundle action (self checkout)',
      'reusable workflow',
      'root action',
      'single action',
    ]);
  });
});
