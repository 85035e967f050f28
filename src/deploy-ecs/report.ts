import { formatDuration } from '../core/clock';
import { SummaryBuilder, type Cell } from '../core/summary';
import { setOutput, setOutputs, type ActionOutputs } from '../core/outputs';

/** What a deploy-ecs run reports: outputs (same names as deploy-apprunner) and summary facts. */
export interface Report {
  ok: boolean;
  title: string;
  status: string;
  outputs: ActionOutputs<'deploy-ecs'>;
  facts: [string, Cell][];
  elapsedMs: number;
}

/** Sets every output (empty ones skipped) and the time in seconds. */
export function writeOutputs(report: Report): void {
  setOutputs(
    'deploy-ecs',
    Object.fromEntries(Object.entries(report.outputs).filter(([, value]) => value !== '')),
  );
  setOutput('deploy-ecs', 'status', report.status);
  setOutput('deploy-ecs', 'time', (report.elapsedMs / 1000).toFixed(1));
}

export async function writeSummary(report: Report): Promise<void> {
  await new SummaryBuilder()
    .heading(report.title, 3)
    .status(report.ok, `${report.status} in ${formatDuration(report.elapsedMs)}`)
    .facts(report.facts)
    .write();
}

export function link(url: string | undefined): Cell {
  return url === undefined ? undefined : { text: url, href: url };
}
