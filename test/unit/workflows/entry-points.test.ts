import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ACTIONS, type ActionName } from '../../../src/generated/action-names';
import {
  BUNDLE_PATH,
  asMap,
  jobsOf,
  repoRoot,
  stepsOf,
  trigger,
  workflowFiles,
  type Yaml,
} from './workflow-files';

// The three entry points - the single actions, the root action (action.yml) and the reusable
// workflows (deploy.yml, rollback.yml) - compose the same parts, so they must agree with the
// parts' action.yml: every output a workflow reads from a part's step is one the part declares;
// a workflow input handed to a part has the part's name for it (or an agreed root-level name
// listed below); and where a workflow or the root action gives a default, it is the part's.
// (Every `with:` key being a declared input is checked by with-keys.test.ts.)

const bundleWorkflows = workflowFiles().filter((file) =>
  ['.github/workflows/deploy.yml', '.github/workflows/rollback.yml'].includes(file.rel),
);
const LOCAL_ACTION = new RegExp(`^\\./${BUNDLE_PATH.replace('.', '\\.')}/actions/([a-z0-9-]+)$`);

interface InputSpec {
  default?: unknown;
  deprecationMessage?: unknown;
}
const actionYml = (rel: string): { inputs: Record<string, InputSpec>; outputs: Yaml } => {
  const spec = asMap(parse(readFileSync(path.join(repoRoot, rel), 'utf8')));
  return {
    inputs: asMap(spec.inputs) as Record<string, InputSpec>,
    outputs: asMap(spec.outputs),
  };
};
const partSpec = (name: string) => actionYml(`actions/${name}/action.yml`);
const root = actionYml('action.yml');

/**
 * Workflow or root-action inputs that reach a part under another name, and why: the root level
 * holds several parts at once, so a name that would be ambiguous there is prefixed.
 */
const ROOT_LEVEL_NAMES: Record<string, { part: string; input: string; why: string }[]> = {
  'ecs-mode': [{ part: 'deploy-ecs', input: 'mode', why: 'mode alone is ambiguous in a deploy' }],
  'ecr-repository': [
    { part: 'build-push-ecr', input: 'repository', why: 'the workflow also names the bucket' },
  ],
  'database-engine': [{ part: 'run-migrations', input: 'engine', why: 'engine of what' }],
  'environment-variables': [
    {
      part: 'deploy-apprunner',
      input: 'environment',
      why: 'environment is the GitHub environment in a workflow',
    },
  ],
  'min-instances': [{ part: 'deploy-ecs', input: 'min-tasks', why: 'one name for both platforms' }],
  'max-instances': [{ part: 'deploy-ecs', input: 'max-tasks', why: 'one name for both platforms' }],
  'health-check-path': [
    { part: 'verify-health', input: 'paths', why: 'the path the deployed service is checked at' },
  ],
  'health-timeout': [
    { part: 'verify-health', input: 'timeout', why: 'timeout alone is ambiguous in a deploy' },
  ],
  'site-url': [{ part: 'verify-health', input: 'urls', why: 'the site check of verify-health' }],
  environment: [
    { part: 'build-push-ecr', input: 'tags', why: 'promotion tags the image <environment>' },
  ],
};

/** Each step of the bundle workflows that runs a part, with its job and id. */
function partSteps(): { file: string; job: string; id?: string; part: string; step: Yaml }[] {
  const out: { file: string; job: string; id?: string; part: string; step: Yaml }[] = [];
  for (const file of bundleWorkflows) {
    for (const [job, spec] of jobsOf(file.doc)) {
      for (const step of stepsOf(spec)) {
        const part = typeof step.uses === 'string' ? LOCAL_ACTION.exec(step.uses)?.[1] : undefined;
        if (part === undefined) continue;
        out.push({
          file: file.rel,
          job,
          part,
          step,
          ...(typeof step.id === 'string' ? { id: step.id } : {}),
        });
      }
    }
  }
  return out;
}

/**
 * X when the whole value is `${{ inputs.X }}`, or `${{ inputs.OLD || inputs.X }}` (a deprecated
 * name read before the current one); else undefined.
 */
function wholeInput(value: unknown): string | undefined {
  return typeof value === 'string'
    ? /^\$\{\{\s*(?:inputs\.[a-z0-9-]+\s*\|\|\s*)?inputs\.([a-z0-9-]+)\s*\}\}$/.exec(
        value.trim(),
      )?.[1]
    : undefined;
}

describe('the bundle workflows and the parts they run', () => {
  it('run at least one part each, and every part runs somewhere', () => {
    const steps = partSteps();
    for (const file of bundleWorkflows) expect(steps.some((s) => s.file === file.rel)).toBe(true);
    const parts = new Set(steps.map((s) => s.part));
    for (const name of Object.keys(ACTIONS).filter((name) => name !== 'deploy')) {
      expect([name, parts.has(name)]).toEqual([name, true]);
    }
  });

  it('read only outputs the part declares (steps.<id>.outputs.<name>)', () => {
    const wrong: string[] = [];
    let reads = 0;
    for (const file of bundleWorkflows) {
      for (const [job, spec] of jobsOf(file.doc)) {
        const parts = new Map(
          partSteps()
            .filter((s) => s.file === file.rel && s.job === job && s.id !== undefined)
            .map((s) => [s.id, s.part]),
        );
        const text = JSON.stringify(spec);
        for (const match of text.matchAll(/steps\.([a-z0-9_-]+)\.outputs\.([a-z0-9_-]+)/g)) {
          const part = parts.get(match[1]);
          if (part === undefined) continue; // a run: step's own outputs
          reads++;
          if (!((match[2] ?? '') in partSpec(part).outputs))
            wrong.push(`${file.rel} job ${job}: ${match[0]} - ${part} declares no ${match[2]}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(reads).toBeGreaterThan(5);
  });

  it('hand a workflow input to a part under the part name for it', () => {
    const wrong: string[] = [];
    for (const { file, job, part, step } of partSteps()) {
      for (const [key, value] of Object.entries(asMap(step.with))) {
        const input = wholeInput(value);
        if (input === undefined || input === key) continue;
        const agreed = ROOT_LEVEL_NAMES[input] ?? [];
        if (agreed.some((a) => a.part === part && a.input === key)) continue;
        wrong.push(`${file} job ${job}: ${part} ${key} is given inputs.${input}; name it ${key}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('give the part default to an input handed to a part, when they give one', () => {
    const wrong: string[] = [];
    for (const { file, job, part, step } of partSteps()) {
      const workflow = bundleWorkflows.find((f) => f.rel === file);
      const declared = asMap(trigger(workflow?.doc ?? {}, 'workflow_call').inputs);
      for (const [key, value] of Object.entries(asMap(step.with))) {
        const input = wholeInput(value);
        if (input === undefined) continue;
        const ours = asMap(declared[input]).default;
        const theirs = partSpec(part).inputs[key]?.default;
        if (ours === undefined || theirs === undefined) continue;
        if (String(ours) !== String(theirs))
          wrong.push(
            `${file} job ${job}: inputs.${input} defaults to ${String(ours)}, ${part} ${key} to ${String(theirs)}`,
          );
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the root action and the reusable workflows', () => {
  const deploy = bundleWorkflows.find((f) => f.rel === '.github/workflows/deploy.yml');
  const workflowInputs = asMap(trigger(deploy?.doc ?? {}, 'workflow_call').inputs);
  const current = (inputs: Record<string, InputSpec>): string[] =>
    Object.entries(inputs)
      .filter(([, spec]) => asMap(spec).deprecationMessage === undefined)
      .filter(([, spec]) => !/^Deprecated\b/.test(String(asMap(spec).description ?? '')))
      .map(([name]) => name);

  it('name what both have the same way: no current input of one is a deprecated name in the other', () => {
    const deprecatedInRoot = Object.keys(ACTIONS.deploy.deprecatedInputs);
    const deprecatedInWorkflow = Object.entries(workflowInputs)
      .filter(([, spec]) => /^Deprecated\b/.test(String(asMap(spec).description ?? '')))
      .map(([name]) => name);
    expect(
      current(workflowInputs as Record<string, InputSpec>).filter((n) =>
        deprecatedInRoot.includes(n),
      ),
    ).toEqual([]);
    expect(current(root.inputs).filter((n) => deprecatedInWorkflow.includes(n))).toEqual([]);
  });

  it('give an input they share the same default', () => {
    const wrong: string[] = [];
    for (const [name, spec] of Object.entries(root.inputs)) {
      const ours = asMap(spec).default;
      const theirs = asMap(workflowInputs[name]).default;
      if (ours === undefined || theirs === undefined) continue;
      if (String(ours) !== String(theirs))
        wrong.push(`${name}: action.yml ${String(ours)}, deploy.yml ${String(theirs)}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(Object.entries(ROOT_LEVEL_NAMES))(
    'the root-level name %s stands for an input its part declares',
    (_name, uses) => {
      for (const { part, input } of uses)
        expect(ACTIONS[part as ActionName].inputs).toContain(input);
    },
  );
});

describe('deprecated names in the reusable workflows', () => {
  it.each(bundleWorkflows.map((file) => [file.rel, file] as const))(
    '%s: each deprecated input names its replacement, which is declared, and a step warns when it is set',
    (_rel, file) => {
      const inputs = asMap(trigger(file.doc, 'workflow_call').inputs);
      for (const [name, spec] of Object.entries(inputs)) {
        const description = String(asMap(spec).description ?? '');
        if (!/^Deprecated\b/.test(description)) continue;
        const replacement = /\buse ([a-z0-9-]+) instead\b/i.exec(description)?.[1];
        expect([name, replacement !== undefined && replacement in inputs]).toEqual([name, true]);
        // The new name is the one the root action uses for the same thing.
        expect([name, replacement !== undefined && replacement in root.inputs]).toEqual([
          name,
          true,
        ]);
        // The check step warns through its deprecated() function when the old name is set.
        expect(file.text).toMatch(new RegExp(`\\n\\s+deprecated ${name} ${replacement ?? ''} `));
        expect(file.text).toContain(
          "::warning title=Deprecated input::Input '$1' is deprecated and will be removed in the next major version: use '$2' instead.",
        );
      }
    },
  );
});
