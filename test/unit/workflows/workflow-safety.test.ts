import {
  BUNDLE_REPO,
  actionFiles,
  asMap,
  eventsOf,
  exampleDirs,
  jobsOf,
  lineAt,
  runScripts,
  stepsOf,
  usesOf,
  workflowFiles,
  type Yaml,
  type YamlFile,
} from './workflow-files';

// Workflow safety over every workflow of the repository (the bundle's own and the examples'
// caller workflows) and every action.yml. Each rule is a list of violations that must be empty,
// so a failure names the file, the job or step, and what to change.

const workflows = workflowFiles();
const actions = actionFiles();
const everything = [...workflows, ...actions];

const SHA_PIN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/;
const BUNDLE_TAG = new RegExp(`^${BUNDLE_REPO}(/[^@\\s]+)?@v\\d+$`);

describe('the files under test', () => {
  it('include the bundle workflows, every example workflow and every action.yml', () => {
    const rels = workflows.map((file) => file.rel);
    for (const name of ['deploy', 'rollback', 'release'])
      expect(rels).toContain(`.github/workflows/${name}.yml`);
    expect(exampleDirs().length).toBeGreaterThanOrEqual(4);
    for (const dir of exampleDirs())
      expect(
        rels.filter((rel) => rel.startsWith(`${dir}/.github/workflows/`)).length,
      ).toBeGreaterThan(0);
    expect(actions.map((file) => file.rel)).toEqual(
      expect.arrayContaining(['action.yml', 'actions/deploy-apprunner/action.yml']),
    );
  });
});

describe('every workflow and action.yml is valid YAML', () => {
  it.each(everything.map((file) => [file.rel, file] as const))('%s', (_rel, file) => {
    expect(file.parseError).toBeUndefined();
  });
});

describe('third-party actions are pinned to a full commit SHA', () => {
  it.each(everything.map((file) => [file.rel, file] as const))('%s', (_rel, file) => {
    const violations: string[] = [];
    for (const ref of usesOf(file)) {
      const { uses } = ref;
      if (uses.startsWith('./') || uses.startsWith('docker://')) continue;
      const at = `${file.rel}:${ref.line} (${ref.where})`;
      if (uses.startsWith(`${BUNDLE_REPO}/`) || uses.startsWith(`${BUNDLE_REPO}@`)) {
        // The examples call the bundle they ship with; users' copies should pin a SHA (docs).
        if (!BUNDLE_TAG.test(uses) && !SHA_PIN.test(uses))
          violations.push(`${at}: ${uses} must name a major tag or a full SHA`);
        continue;
      }
      if (!SHA_PIN.test(uses)) {
        violations.push(`${at}: ${uses} is not pinned to a full 40-character commit SHA`);
      } else if (!/#\s*v\d+(\.\d+){0,2}\b/.test(lineAt(file, ref.line))) {
        violations.push(`${at}: ${uses} needs a version comment (# vX.Y.Z) after the SHA`);
      }
    }
    expect(violations).toEqual([]);
  });
});

function isReadOnly(permissions: unknown): boolean {
  if (permissions === 'read-all') return true;
  if (permissions === null || typeof permissions !== 'object') return false;
  return Object.values(permissions as Yaml).every((level) => level === 'read' || level === 'none');
}

describe('permissions', () => {
  it.each(workflows.map((file) => [file.rel, file] as const))(
    '%s: top level read-only, writes only per job',
    (_rel, file) => {
      const violations: string[] = [];
      if (!('permissions' in file.doc)) violations.push('no top-level permissions block');
      else if (!isReadOnly(file.doc.permissions))
        violations.push(
          `top-level permissions grant more than read: ${JSON.stringify(file.doc.permissions)}`,
        );
      for (const [id, job] of jobsOf(file.doc)) {
        if (job.permissions === 'write-all') violations.push(`job ${id}: write-all`);
      }
      expect(violations).toEqual([]);
    },
  );
});

describe('forbidden constructs', () => {
  it.each(workflows.map((file) => [file.rel, file] as const))(
    '%s: no pull_request_target, no secrets: inherit',
    (_rel, file) => {
      expect(eventsOf(file.doc)).not.toContain('pull_request_target');
      const inherit = jobsOf(file.doc)
        .filter(([, job]) => job.secrets === 'inherit')
        .map(([id]) => id);
      expect(inherit).toEqual([]);
      expect(file.text).not.toMatch(/secrets:\s*inherit/);
    },
  );

  it.each(everything.map((file) => [file.rel, file] as const))(
    '%s: no ${{ }} expression inside run: (values go through env:)',
    (_rel, file) => {
      const violations = runScripts(file)
        .filter(({ run }) => run.includes('${{'))
        .map(({ where, run }) => `${where}: ${/\$\{\{[^}]*\}\}/.exec(run)?.[0] ?? '${{'}`);
      expect(violations).toEqual([]);
    },
  );
});

/** A job that assumes an AWS role changes (or can change) an environment. */
function assumesAwsRole(job: Yaml): boolean {
  return stepsOf(job).some(
    (step) =>
      typeof step.uses === 'string' &&
      step.uses.startsWith('aws-actions/configure-aws-credentials@'),
  );
}

function concurrencyOf(workflow: Yaml, job: Yaml): Yaml | undefined {
  const raw = job.concurrency ?? workflow.concurrency;
  if (raw === undefined) return undefined;
  return typeof raw === 'string' ? { group: raw } : asMap(raw);
}

describe('deploy and rollback jobs', () => {
  it.each(workflows.map((file) => [file.rel, file] as const))(
    '%s: every job that assumes an AWS role has an environment and a per-environment concurrency group that never cancels',
    (_rel, file) => {
      const violations: string[] = [];
      for (const [id, job] of jobsOf(file.doc)) {
        if (!assumesAwsRole(job)) continue;
        if (job.environment === undefined) violations.push(`job ${id}: no environment`);
        const concurrency = concurrencyOf(file.doc, job);
        if (concurrency === undefined) {
          violations.push(`job ${id}: no concurrency (job or workflow level)`);
          continue;
        }
        const group = String(concurrency.group ?? '');
        const environment =
          typeof job.environment === 'string'
            ? job.environment
            : String(asMap(job.environment).name ?? '');
        if (!group.includes(environment) && !/inputs\.environment/.test(group))
          violations.push(`job ${id}: concurrency group ${group} is not per environment`);
        if (concurrency['cancel-in-progress'] !== false)
          violations.push(
            `job ${id}: cancel-in-progress must be false (a deploy is never cut short)`,
          );
      }
      expect(violations).toEqual([]);
    },
  );

  it('the bundle workflows deploy and roll back with AWS credentials (so the rule above applies)', () => {
    for (const name of ['deploy', 'rollback']) {
      const file = workflows.find((candidate) => candidate.rel === `.github/workflows/${name}.yml`);
      expect(file).toBeDefined();
      const assuming = jobsOf(file!.doc).filter(([, job]) => assumesAwsRole(job));
      expect(assuming.length).toBeGreaterThan(1);
    }
  });

  it('callers never hold the concurrency group the reusable workflows take (that deadlocks)', () => {
    const violations: string[] = [];
    for (const file of workflows) {
      for (const [id, job] of jobsOf(file.doc)) {
        if (typeof job.uses !== 'string') continue;
        const groups = [concurrencyOf(file.doc, job)?.group].filter(
          (group): group is string => typeof group === 'string',
        );
        for (const group of groups) {
          if (/^aws-web-deploy-/.test(group))
            violations.push(
              `${file.rel} job ${id}: group ${group} collides with the called workflow's`,
            );
        }
      }
    }
    expect(violations).toEqual([]);
  });
});

describe('action.yml files', () => {
  it.each(actions.map((file) => [file.rel, file] as const))(
    '%s: node24 JavaScript action, every input and output described',
    (_rel, file: YamlFile) => {
      const runs = asMap(file.doc.runs);
      expect(runs.using).toBe('node24');
      for (const section of ['inputs', 'outputs']) {
        for (const [name, spec] of Object.entries(asMap(file.doc[section]))) {
          expect([name, typeof asMap(spec).description]).toEqual([name, 'string']);
        }
      }
    },
  );
});
