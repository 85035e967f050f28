import { formatDuration } from '../core/clock';
import { setOutput, setOutputs, type ActionOutputs } from '../core/outputs';
import { SummaryBuilder } from '../core/summary';
import type { PreviewNames } from './names';

export interface DeployReport {
  names: PreviewNames;
  backendUrl: string | undefined;
  frontendUrl: string | undefined;
  serviceStatus: string;
  /** Files uploaded by this run (only the changed ones on a later push). */
  uploaded: number;
  database?: string;
  /** Older previews torn down by the cost guard first. */
  torndown: Removed[];
  elapsedMs: number;
}

/** What one teardown removed. */
export interface Removed {
  pr: number;
  service: string;
  serviceState: 'deleted' | 'absent';
  /** Objects deleted under previews/pr-<N>/. */
  objects: number;
  /** The dropped schema's target, when a database is configured. */
  schema?: string;
}

export async function reportDeploy(report: DeployReport): Promise<void> {
  const outputs: ActionOutputs<'preview'> = {
    'frontend-url': report.frontendUrl ?? '',
    'backend-url': report.backendUrl ?? '',
    'service-name': report.names.service,
    prefix: report.names.prefix,
    schema: report.database === undefined ? '' : report.names.schema,
    environment: report.names.environment,
    'files-uploaded': String(report.uploaded),
    'torn-down': report.torndown.map((r) => r.pr).join(','),
  };
  setOutputs('preview', outputs);
  await new SummaryBuilder()
    .heading(`Preview of PR #${report.names.pr} is live`)
    .facts([
      ['Frontend', report.frontendUrl === undefined ? `s3 prefix ${report.names.prefix}` : { text: report.frontendUrl, href: report.frontendUrl }], // prettier-ignore
      ['Backend', report.backendUrl === undefined ? undefined : { text: report.backendUrl, href: report.backendUrl }], // prettier-ignore
      ['Service', `${report.names.service} (${report.serviceStatus})`],
      ['Database', report.database ?? 'none'],
      ['Files uploaded', report.uploaded],
      [
        'Torn down first (max-previews)',
        report.torndown.map((r) => `#${r.pr}`).join(', ') || 'none',
      ],
      ['Time', formatDuration(report.elapsedMs)],
    ])
    .write();
}

export async function reportRemoved(
  mode: 'teardown' | 'janitor',
  removed: Removed[],
): Promise<void> {
  setOutput('preview', 'removed', removed.map((r) => r.pr).join(','));
  await new SummaryBuilder()
    .heading(
      mode === 'teardown' ? 'Preview torn down' : `Janitor: ${removed.length} previews removed`,
    )
    .table(
      ['PR', 'Service', 'Objects deleted', 'Schema dropped'],
      removed.map((r) => [
        `#${r.pr}`,
        `${r.service} (${r.serviceState})`,
        r.objects,
        r.schema ?? 'none',
      ]),
    )
    .write();
}
