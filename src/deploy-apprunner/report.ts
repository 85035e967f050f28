import { formatChange, type Change } from '../apprunner/spec';
import { formatDuration } from '../core/clock';
import { SummaryBuilder } from '../core/summary';
import type { DeployOutcome } from './deploy';
import { setOutputs, type ActionOutputs } from '../core/outputs';

/** The step outputs; set on failure too (a rollback step reads previous-image). */
export function outputsFor(outcome: DeployOutcome): ActionOutputs<'deploy-apprunner'> {
  return {
    'service-arn': outcome.serviceArn ?? '',
    'service-url': outcome.serviceUrl ?? '',
    'operation-id': outcome.operationId ?? '',
    image: outcome.image ?? '',
    'previous-image': outcome.previousImage ?? '',
    status: outcome.status,
  };
}

export function writeOutputs(outcome: DeployOutcome): void {
  setOutputs('deploy-apprunner', outputsFor(outcome));
}

export function isFailure(outcome: DeployOutcome): boolean {
  return ['rolled-back', 'failed', 'timed-out'].includes(outcome.status);
}

/** Every configuration difference, then tag changes and the auto scaling configuration used. */
export function changeLines(outcome: DeployOutcome): string[] {
  const lines = [...outcome.plan.changes, ...outcome.plan.tagChanges].map(formatChange);
  const scaling = outcome.scaling;
  if (scaling !== undefined) {
    lines.push(
      scaling.created
        ? `auto scaling configuration: ${outcome.status === 'dry-run' ? 'would create' : 'created'} ${scaling.name}${scaling.revision === undefined ? '' : ` revision ${scaling.revision}`}` // prettier-ignore
        : `auto scaling configuration: reusing ${scaling.name} revision ${scaling.revision ?? '?'} (same values)`, // prettier-ignore
    );
  }
  return lines;
}

const HEADLINE: Record<DeployOutcome['status'], string> = {
  created: 'Created',
  updated: 'Updated',
  redeployed: 'Redeployed',
  unchanged: 'Unchanged',
  'dry-run': 'Dry run',
  'rolled-back': 'Rolled back',
  failed: 'Failed',
  'timed-out': 'Timed out',
};

/** One line for the log and the summary: what happened to which image. */
export function headline(outcome: DeployOutcome): string {
  const name = outcome.serviceName;
  switch (outcome.status) {
    case 'dry-run':
      return `Dry run: would ${outcome.action === 'none' ? 'change nothing on' : outcome.action.replace('-', ' ') + ' on'} ${name}${outcome.replacedFailed ? ' (after deleting the CREATE_FAILED service)' : ''}`; // prettier-ignore
    case 'unchanged':
      return `${name} unchanged: ${outcome.note ?? 'nothing to do'}`;
    case 'created':
      return `Created ${name} running ${outcome.image ?? outcome.requestedImage}`;
    case 'updated':
    case 'redeployed':
      return `${HEADLINE[outcome.status]} ${name}: ${outcome.previousImage ?? '(none)'} -> ${outcome.image ?? outcome.requestedImage}`; // prettier-ignore
    default:
      return `${HEADLINE[outcome.status]}: ${outcome.failure ?? name}`;
  }
}

/** The job summary: verdict, facts, and the readable diff of what changed (or would). */
export function summaryFor(outcome: DeployOutcome): SummaryBuilder {
  const summary = new SummaryBuilder()
    .heading(
      `deploy-apprunner: ${outcome.serviceName}${outcome.status === 'dry-run' ? ' (dry run)' : ''}`,
      3,
    ) // prettier-ignore
    .status(!isFailure(outcome), headline(outcome))
    .facts([
      ['Service', outcome.serviceArn],
      ['URL', outcome.serviceUrl === undefined ? undefined : { text: outcome.serviceUrl, href: outcome.serviceUrl }], // prettier-ignore
      ['Image', outcome.status === 'dry-run' ? outcome.requestedImage : outcome.image],
      ['Previous image', outcome.previousImage],
      ['Action', outcome.action === 'none' ? 'none' : outcome.action],
      ['Operation', outcome.operationId === undefined ? undefined : `${outcome.operationId} (${outcome.operationStatus ?? 'unknown'})`], // prettier-ignore
      ['Note', outcome.note],
      ['Time', formatDuration(outcome.elapsedMs)],
    ]);
  const changes: Change[] = [...outcome.plan.changes, ...outcome.plan.tagChanges];
  if (changes.length > 0) {
    summary
      .heading(
        outcome.status === 'dry-run'
          ? 'Changes that would be applied'
          : isFailure(outcome)
            ? 'Changes attempted (not in effect unless the operation succeeded)'
            : 'Changes applied',
        4,
      )
      .table(
        ['Setting', 'Before', 'After'],
        changes.map((c) => [c.setting, c.before ?? '(unset)', c.after ?? '(unset)']),
      );
  }
  const scaling = changeLines(outcome).find((l) => l.startsWith('auto scaling configuration'));
  if (scaling !== undefined) summary.paragraph(scaling);
  return summary;
}
