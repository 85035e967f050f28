import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  BUNDLE_PATH,
  asMap,
  jobsOf,
  repoRoot,
  stepName,
  stepsOf,
  workflowFiles,
  type Yaml,
} from './workflow-files';

// How deploy.yml and rollback.yml reach the bundle's own actions at the version they were called
// with. Inside a called workflow the `github` context is the CALLER's: github.sha,
// github.workflow_sha and github.ref name the application repository's commit. The job context's
// job.workflow_repository and job.workflow_sha (GitHub, 2026) name the repository and commit of
// the workflow file that defines the job, i.e. the bundle at the tag or SHA the caller wrote.
// Each job that uses a bundle action therefore:
//   1. fails clearly when those are empty (runners that do not report them);
//   2. checks the bundle out at job.workflow_sha into .aws-web-deploy/ (sparse: actions, dist);
//   3. uses ./.aws-web-deploy/actions/<name>, which runs ../../dist/<name>/index.js from there.

const bundleWorkflows = workflowFiles().filter((file) =>
  ['.github/workflows/deploy.yml', '.github/workflows/rollback.yml'].includes(file.rel),
);
const LOCAL_ACTION = new RegExp(`^\\./${BUNDLE_PATH.replace('.', '\\.')}/actions/([a-z0-9-]+)$`);

function bundleActionsUsed(): Set<string> {
  const names = new Set<string>();
  for (const file of bundleWorkflows) {
    for (const [, job] of jobsOf(file.doc)) {
      for (const step of stepsOf(job)) {
        const match = typeof step.uses === 'string' ? LOCAL_ACTION.exec(step.uses) : null;
        if (match?.[1] !== undefined) names.add(match[1]);
      }
    }
  }
  return names;
}

function sparsePaths(step: Yaml): string[] {
  return String(asMap(step.with)['sparse-checkout'] ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

describe('the reusable workflows reach the bundle at the commit the caller resolved', () => {
  it('both workflows use bundle actions', () => {
    expect(bundleWorkflows.map((file) => file.rel).sort()).toEqual([
      '.github/workflows/deploy.yml',
      '.github/workflows/rollback.yml',
    ]);
    expect(bundleActionsUsed().size).toBeGreaterThanOrEqual(5);
  });

  it.each(bundleWorkflows.map((file) => [file.rel, file] as const))(
    '%s: every job that uses a bundle action checks the bundle out at job.workflow_sha first',
    (_rel, file) => {
      const violations: string[] = [];
      for (const [id, job] of jobsOf(file.doc)) {
        const steps = stepsOf(job);
        const firstUse = steps.findIndex(
          (step) => typeof step.uses === 'string' && step.uses.startsWith(`./${BUNDLE_PATH}/`),
        );
        if (firstUse < 0) continue;
        const guard = steps.findIndex(
          (step) =>
            asMap(step.env).BUNDLE_REPOSITORY === '${{ job.workflow_repository }}' &&
            asMap(step.env).BUNDLE_SHA === '${{ job.workflow_sha }}' &&
            typeof step.run === 'string' &&
            /-z "\$BUNDLE_REPOSITORY" \] \|\| \[ -z "\$BUNDLE_SHA"/.test(step.run) &&
            /exit 1/.test(step.run),
        );
        const checkout = steps.findIndex((step) => asMap(step.with).path === BUNDLE_PATH);
        if (guard < 0 || guard > checkout)
          violations.push(`job ${id}: no guard before the checkout`);
        if (checkout < 0 || checkout > firstUse) {
          violations.push(
            `job ${id}: no checkout of ${BUNDLE_PATH} before its first bundle action`,
          );
          continue;
        }
        const step = steps[checkout]!;
        const wanted = {
          uses: expect.stringMatching(/^actions\/checkout@[0-9a-f]{40}$/),
          with: expect.objectContaining({
            repository: '${{ job.workflow_repository }}',
            ref: '${{ job.workflow_sha }}',
            path: BUNDLE_PATH,
            'persist-credentials': false,
          }),
        };
        try {
          expect(step).toMatchObject(wanted);
        } catch {
          violations.push(
            `job ${id}: ${stepName(step, checkout)} is not ${JSON.stringify(wanted)}`,
          );
        }
        if (JSON.stringify(sparsePaths(step)) !== JSON.stringify(['actions', 'dist']))
          violations.push(`job ${id}: sparse-checkout must be exactly actions and dist`);
      }
      expect(violations).toEqual([]);
    },
  );

  it.each(bundleWorkflows.map((file) => [file.rel, file] as const))(
    '%s: never names the caller-context commit for the bundle',
    (_rel, file) => {
      for (const [, job] of jobsOf(file.doc)) {
        for (const step of stepsOf(job)) {
          const withBlock = asMap(step.with);
          if (withBlock.path !== BUNDLE_PATH) continue;
          expect(String(withBlock.ref)).not.toMatch(
            /github\.(sha|workflow_sha|ref|workflow_ref|ref_name)/,
          );
          expect(String(withBlock.repository)).not.toMatch(/github\.repository/);
        }
      }
    },
  );

  it('a sparse checkout of the committed tree holds every action the workflows use and its compiled entry', () => {
    // What actions/checkout with sparse-checkout [actions, dist] at a commit produces: the
    // committed files under those two folders. HEAD stands for the tag a caller resolves.
    const work = mkdtempSync(path.join(os.tmpdir(), 'bundle-sparse-'));
    try {
      const archive = execFileSync('git', ['archive', '--format=tar', 'HEAD', 'actions', 'dist'], {
        cwd: repoRoot,
        maxBuffer: 256 * 1024 * 1024,
      });
      execFileSync('tar', ['-x', '-C', work], { input: archive });
      const missing: string[] = [];
      for (const name of bundleActionsUsed()) {
        const actionYml = path.join(work, 'actions', name, 'action.yml');
        if (!existsSync(actionYml)) {
          missing.push(`actions/${name}/action.yml`);
          continue;
        }
        const spec = asMap(parse(readFileSync(actionYml, 'utf8')));
        const main = String(asMap(spec.runs).main);
        const entry = path.resolve(path.dirname(actionYml), main);
        if (!entry.startsWith(work + path.sep) || !existsSync(entry))
          missing.push(`${main} of actions/${name} (outside the sparse checkout or not committed)`);
      }
      expect(missing).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
