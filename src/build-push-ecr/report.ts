import { formatDuration } from '../core/clock';
import { formatBytes } from '../core/progress';
import { SummaryBuilder } from '../core/summary';
import type { BuildPushResult } from './build-push';
import { setOutput } from '../core/outputs';

/** `registry/repo@sha256:...`: the immutable reference every later step deploys. */
export function imageReference(result: BuildPushResult): string {
  return `${result.repository.uri}@${result.digest}`;
}

export function setOutputs(result: BuildPushResult): void {
  setOutput('build-push-ecr', 'image', imageReference(result));
  setOutput('build-push-ecr', 'digest', result.digest);
  setOutput('build-push-ecr', 'tags', result.tags.join(','));
  setOutput('build-push-ecr', 'registry', result.repository.registry);
  setOutput('build-push-ecr', 'repository-uri', result.repository.uri);
  setOutput('build-push-ecr', 'skipped', String(result.skipped));
}

export function summarize(result: BuildPushResult): SummaryBuilder {
  const what =
    result.mode === 'promote'
      ? `Promoted ${result.digest} to ${result.tags.join(', ')}`
      : result.skipped
        ? `Already built: ${result.repository.name}:${result.tags[0] ?? ''} exists, build skipped`
        : `Built and pushed ${result.repository.name}:${result.tags[0] ?? ''}`;
  return new SummaryBuilder()
    .heading('build-push-ecr', 3)
    .status(true, what)
    .facts([
      ['Image', imageReference(result)],
      ['Digest', result.digest],
      ['Tags', result.tags.join(', ')],
      ['Size', result.sizeInBytes === undefined ? undefined : formatBytes(result.sizeInBytes)],
      ['Builder', result.builder],
      ['Build time', result.buildMs === undefined ? undefined : formatDuration(result.buildMs)],
      [
        'Push time',
        result.pushMs === undefined || result.pushMs === 0
          ? undefined
          : formatDuration(result.pushMs),
      ],
      ['Skipped', result.mode === 'build' ? String(result.skipped) : undefined],
      [
        'Tagged through the API',
        result.retagged.length === 0 ? undefined : result.retagged.join(', '),
      ],
      [
        'Repository changes',
        result.repositoryChanges.length === 0 ? undefined : result.repositoryChanges.join('; '),
      ],
    ]);
}
