import { SummaryBuilder } from '../core/summary';
import type { DeployOutcome } from './pipeline';
import { setOutput } from '../core/outputs';

export function writeOutputs(outcome: DeployOutcome): void {
  setOutput('deploy', 'status', outcome.status);
  setOutput('deploy', 'image', outcome.image ?? '');
  setOutput('deploy', 'service-url', outcome.serviceUrl ?? '');
  setOutput('deploy', 'release-id', outcome.releaseId ?? '');
  setOutput('deploy', 'site-url', outcome.siteUrl ?? '');
  setOutput('deploy', 'rolled-back', String(outcome.status === 'rolled-back'));
}

/** One table of what ran, then what was rolled back from and to. */
export function summaryFor(outcome: DeployOutcome): SummaryBuilder {
  const summary = new SummaryBuilder()
    .heading(`Deploy: ${outcome.status}`, 2)
    .facts([
      ['Image', outcome.image],
      [
        'Service',
        outcome.serviceUrl === undefined
          ? undefined
          : { text: outcome.serviceUrl, href: outcome.serviceUrl },
      ],
      ['Site release', outcome.releaseId],
      [
        'Site',
        outcome.siteUrl === undefined
          ? undefined
          : { text: outcome.siteUrl, href: outcome.siteUrl },
      ],
    ])
    .table(
      ['Step', 'Action', 'Result', 'Time'],
      outcome.steps.map((s) => [
        s.label,
        s.part,
        `${s.ok ? '✅' : '❌'} ${s.detail}`,
        `${(s.ms / 1000).toFixed(1)}s`,
      ]),
    );
  if (outcome.failure !== undefined) summary.paragraph(`Failed: ${outcome.failure}`);
  if (outcome.rollbacks.length > 0) {
    summary.heading('Rolled back', 3).table(
      ['Part', 'From', 'To', 'Result'],
      outcome.rollbacks.map((r) => [r.part, r.from, r.to, `${r.ok ? '✅' : '❌'} ${r.detail}`]),
    );
    if (outcome.rollbackMs !== undefined)
      summary.paragraph(
        `From the failed check to the restored release: ${(outcome.rollbackMs / 1000).toFixed(1)}s`,
      );
  }
  return summary;
}
