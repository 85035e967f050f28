import { formatDuration } from '../core/clock';
import { SummaryBuilder } from '../core/summary';
import type { VerifyHealthConfig } from './inputs';
import { latencyStats, type LatencyStats } from './stats';
import type { VerifyOutcome } from './verify';
import { setOutputs, type ActionOutputs } from '../core/outputs';

/** The step outputs, as strings; set on success and on failure alike (a rollback step reads them). */
export function outputsFor(outcome: VerifyOutcome): ActionOutputs<'verify-health'> {
  const latencies: Record<string, LatencyStats> = {};
  for (const url of outcome.urls) {
    const stats = latencyStats(url.latencies);
    if (stats !== undefined) latencies[url.target.display] = stats;
  }
  return {
    healthy: String(outcome.healthy),
    attempts: String(outcome.rounds),
    'first-healthy-after':
      outcome.healthy && outcome.firstHealthyAfterMs !== undefined
        ? (outcome.firstHealthyAfterMs / 1000).toFixed(1)
        : '',
    latencies: JSON.stringify(latencies),
    reason: outcome.reason ?? '',
  };
}

export function writeOutputs(outcome: VerifyOutcome): void {
  setOutputs('verify-health', outputsFor(outcome));
}

/** The job summary: verdict, facts and one row per URL. */
export function summaryFor(outcome: VerifyOutcome, config: VerifyHealthConfig): SummaryBuilder {
  return new SummaryBuilder()
    .heading('verify-health', 3)
    .status(
      outcome.healthy,
      outcome.healthy
        ? `Healthy: ${config.consecutiveSuccesses} consecutive round(s) passed`
        : `Not healthy: ${outcome.reason ?? 'unknown reason'}`,
    )
    .facts([
      ['Rounds', outcome.rounds],
      ['Elapsed', formatDuration(outcome.elapsedMs)],
      [
        'First healthy after',
        outcome.healthy && outcome.firstHealthyAfterMs !== undefined
          ? formatDuration(outcome.firstHealthyAfterMs)
          : undefined,
      ],
      ['Expected version', config.expect.version?.expected],
      [
        'Latency budget (p95)',
        config.latencyBudgetP95Ms === undefined
          ? undefined
          : formatDuration(config.latencyBudgetP95Ms),
      ],
    ])
    .table(
      ['URL', 'Checks', 'Passed', 'p95', 'Last status', 'Version seen'],
      outcome.urls.map((url) => {
        const stats = latencyStats(url.latencies);
        return [
          url.target.display,
          url.checks,
          url.passed,
          stats === undefined ? '' : `${stats.p95} ms`,
          url.last?.status ?? (url.last === undefined ? '' : 'no response'),
          url.last?.versionSeen,
        ];
      }),
    );
  // On failure the error boundary appends the failure message, with the last responses, below.
}

/** The error the step fails with: the reason, then each failing URL's last response. */
export function failureMessage(outcome: VerifyOutcome): string {
  return [
    `release not healthy: ${outcome.reason ?? 'unknown reason'}`,
    ...lastResponses(outcome),
  ].join('\n');
}

function lastResponses(outcome: VerifyOutcome): string[] {
  return outcome.urls.flatMap((url) => {
    const failure = url.lastFailure;
    if (failure?.status === undefined) return [];
    const body =
      failure.bodyExcerpt === undefined || failure.bodyExcerpt === ''
        ? '(empty body)'
        : failure.bodyExcerpt;
    return [
      `last failing response from ${url.target.display}: status ${failure.status}, body: ${body}`,
    ];
  });
}
