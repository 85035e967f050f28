// The infrastructure plan of .github/workflows/infra.yml: reads DescribeChangeSet answers (every
// page) and DescribeStackEvents, renders the diff (resource, action, replacement), and refuses a
// change set that replaces or deletes a stateful resource unless the caller allows it. One file
// with no imports beyond node:fs, so the workflow runs it with Node 24 directly (type stripping):
//   node plan.ts plan <describe-change-set.json>... [--allow-stateful-replacement] [--out plan.md]
//   node plan.ts failure <describe-stack-events.json> <since-ISO-time>

import { readFileSync, writeFileSync } from 'node:fs';

/** One entry of DescribeChangeSet's Changes (the AWS CloudFormation API shape). */
export interface ChangeSetChange {
  Type?: string;
  ResourceChange?: {
    Action?: string;
    LogicalResourceId?: string;
    PhysicalResourceId?: string;
    ResourceType?: string;
    Replacement?: string;
    Scope?: string[];
  };
}

/** One page of DescribeChangeSet's answer. */
export interface DescribeChangeSetPage {
  ChangeSetName?: string;
  StackName?: string;
  Status?: string;
  StatusReason?: string;
  ExecutionStatus?: string;
  Changes?: ChangeSetChange[];
  NextToken?: string;
}

export interface StackEvent {
  Timestamp?: string;
  LogicalResourceId?: string;
  ResourceType?: string;
  ResourceStatus?: string;
  ResourceStatusReason?: string;
}

/** Resource types whose replacement or removal loses data. */
export const STATEFUL_TYPES: readonly string[] = [
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::S3::Bucket',
  'AWS::ECR::Repository',
  'AWS::SecretsManager::Secret',
];

export interface PlanRow {
  resource: string;
  type: string;
  action: string;
  replacement: string;
  stateful: boolean;
}

export interface Plan {
  stackName: string;
  changeSetName: string;
  rows: PlanRow[];
  /** Stateful resources the change set would replace or delete. */
  destructive: PlanRow[];
  /** The change set holds no change (CloudFormation marks it FAILED with that reason). */
  empty: boolean;
  /** The plan may be executed. */
  ok: boolean;
  /** Why the plan may not be executed (empty when ok). */
  problems: string[];
}

const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

export function rowsOf(pages: readonly DescribeChangeSetPage[]): PlanRow[] {
  return pages
    .flatMap((page) => page.Changes ?? [])
    .filter((change) => change.Type === 'Resource' && change.ResourceChange)
    .map(({ ResourceChange: c }) => ({
      resource: c!.LogicalResourceId ?? '?',
      type: c!.ResourceType ?? '?',
      action: c!.Action ?? '?',
      replacement: c!.Action === 'Modify' ? (c!.Replacement ?? 'False') : '',
      stateful: STATEFUL_TYPES.includes(c!.ResourceType ?? ''),
    }));
}

/** A stateful resource removed, or replaced (True, or Conditional: CloudFormation may replace it). */
export function isDestructive(row: PlanRow): boolean {
  return (
    row.stateful &&
    (row.action === 'Remove' || row.replacement === 'True' || row.replacement === 'Conditional')
  );
}

export function evaluatePlan(
  pages: readonly DescribeChangeSetPage[],
  allowStatefulReplacement: boolean,
): Plan {
  const first = pages[0] ?? {};
  const rows = rowsOf(pages);
  const empty = first.Status === 'FAILED' && NO_CHANGES.test(first.StatusReason ?? '');
  const problems: string[] = [];
  if (first.Status === 'FAILED' && !empty)
    problems.push(`the change set failed: ${first.StatusReason ?? 'no reason given'}`);
  else if (!empty && first.Status !== 'CREATE_COMPLETE')
    problems.push(`the change set is ${first.Status ?? 'in no known status'}, not CREATE_COMPLETE`);
  const destructive = rows.filter(isDestructive);
  if (destructive.length > 0 && !allowStatefulReplacement)
    for (const row of destructive)
      problems.push(
        `${row.resource} (${row.type}) would be ${row.action === 'Remove' ? 'deleted' : row.replacement === 'True' ? 'replaced' : 'possibly replaced'}: its data would be lost. Change the template, or set allow-stateful-replacement: true for this run if that is intended.`,
      );
  return {
    stackName: first.StackName ?? '?',
    changeSetName: first.ChangeSetName ?? '?',
    rows,
    destructive,
    empty,
    ok: problems.length === 0,
    problems,
  };
}

/** The plan as Markdown: the job summary and the pull-request comment. */
export function planMarkdown(plan: Plan, marker: string): string {
  const lines = [marker, `### Infrastructure plan: ${plan.stackName}`, ''];
  if (plan.empty) lines.push('No changes.');
  else {
    lines.push(`Change set \`${plan.changeSetName}\`: ${plan.rows.length} change(s).`, '');
    lines.push('| Resource | Type | Action | Replacement |', '| --- | --- | --- | --- |');
    for (const row of plan.rows)
      lines.push(
        `| ${row.stateful ? '**' + row.resource + '**' : row.resource} | ${row.type} | ${row.action} | ${row.replacement || '-'} |`,
      );
  }
  if (plan.problems.length > 0)
    lines.push('', '**Not executable:**', ...plan.problems.map((problem) => `- ${problem}`));
  else if (!plan.empty)
    lines.push(
      '',
      "Executed on merge to the default branch, behind the environment's protection rules.",
    );
  return `${lines.join('\n')}\n`;
}

/** The first failed resource since the execution started, with its reason. */
export function firstFailure(events: readonly StackEvent[], since: string): StackEvent | undefined {
  const start = Date.parse(since);
  return [...events]
    .filter(
      (event) =>
        Date.parse(event.Timestamp ?? '') >= start && /_FAILED$/.test(event.ResourceStatus ?? ''),
    )
    .filter((event) => event.ResourceType !== 'AWS::CloudFormation::Stack')
    .sort((a, b) => Date.parse(a.Timestamp ?? '') - Date.parse(b.Timestamp ?? ''))[0];
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === 'plan') {
    const files = rest.filter(
      (arg) => !arg.startsWith('--') && !rest[rest.indexOf(arg) - 1]?.startsWith('--out'),
    );
    const out = rest.includes('--out') ? rest[rest.indexOf('--out') + 1] : undefined;
    const pages = files.map(
      (file) => JSON.parse(readFileSync(file, 'utf8')) as DescribeChangeSetPage,
    );
    const plan = evaluatePlan(pages, rest.includes('--allow-stateful-replacement'));
    const markdown = planMarkdown(plan, '<!-- aws-web-deploy infra plan -->');
    if (out) writeFileSync(out, markdown);
    process.stdout.write(markdown);
    for (const problem of plan.problems) process.stdout.write(`::error::${problem}\n`);
    return plan.ok ? 0 : 1;
  }
  if (command === 'failure') {
    const [file, since] = rest;
    const events =
      (JSON.parse(readFileSync(file!, 'utf8')) as { StackEvents?: StackEvent[] }).StackEvents ?? [];
    const failed = firstFailure(events, since ?? '1970-01-01T00:00:00Z');
    process.stdout.write(
      failed
        ? `::error::${failed.LogicalResourceId} (${failed.ResourceType}) ${failed.ResourceStatus}: ${failed.ResourceStatusReason ?? 'no reason given'}\n`
        : '::error::the stack update failed and no resource event names a reason\n',
    );
    return 1;
  }
  process.stderr.write(
    'usage: plan.ts plan <describe-change-set.json>... [--allow-stateful-replacement] [--out file] | failure <events.json> <since>\n',
  );
  return 2;
}

if (
  process.argv[1] !== undefined &&
  /plan\.ts$/.test(process.argv[1]) &&
  !process.env.JEST_WORKER_ID
)
  process.exitCode = main(process.argv.slice(2));
