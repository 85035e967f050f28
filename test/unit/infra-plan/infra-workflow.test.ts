import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// .github/workflows/infra.yml runs src/infra-plan/change-set.sh from the bundle's sparse
// checkout: the script and its commands must exist there, and the pull-request job must never
// execute a change set.

const root = path.resolve(__dirname, '..', '..', '..');
const workflow = parse(readFileSync(path.join(root, '.github/workflows/infra.yml'), 'utf8')) as {
  jobs: Record<
    string,
    {
      if?: string;
      permissions?: Record<string, string>;
      steps: { run?: string; with?: Record<string, string> }[];
    }
  >;
};
const script = readFileSync(path.join(root, 'src/infra-plan/change-set.sh'), 'utf8');
const commandsOf = (job: string): string[] =>
  workflow.jobs[job]!.steps.flatMap(
    (step) => /change-set\.sh (\w+)/.exec(step.run ?? '')?.[1] ?? [],
  );

describe('infra.yml', () => {
  it('runs only commands change-set.sh has, from the folder the bundle checkout includes', () => {
    for (const job of ['plan', 'apply']) {
      const checkout = workflow.jobs[job]!.steps.find(
        (step) => step.with?.path === '.aws-web-deploy',
      );
      expect(checkout?.with?.['sparse-checkout']).toBe('src/infra-plan');
      for (const command of commandsOf(job))
        expect(script).toMatch(new RegExp(`^  ${command}\\)`, 'm'));
    }
    expect(existsSync(path.join(root, 'src/infra-plan/plan.ts'))).toBe(true);
  });

  it('plans on pull requests from this repository only and never executes there; applies only on push', () => {
    expect(workflow.jobs.plan!.if).toMatch(/github\.event_name == 'pull_request'/);
    expect(workflow.jobs.plan!.if).toMatch(/head\.repo\.full_name == github\.repository/);
    expect(commandsOf('plan')).toEqual(['create', 'plan', 'comment']);
    expect(workflow.jobs.apply!.if).toMatch(/github\.event_name == 'push'/);
    expect(commandsOf('apply')).toEqual(['create', 'plan', 'execute']);
    expect(workflow.jobs.apply!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });
});
